package io.github.reglab.core.step;

import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.Step;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An activation function applied into given arrays. Identity, ReLU (DL4J's plain form: no threshold, slope or
 * maximum), sigmoid and tanh are one or two libnd4j operations each way ({@code relu}, and backward the step function
 * times the gradient; {@code sigmoid}/{@code sigmoid_bp}, {@code tanh}/{@code tanh_bp}: the functions DL4J's
 * activation classes compute);
 * any other {@link IActivation} runs DL4J's own code on a copy (its functions work in place on their input).
 */
final class ActivationOp {

    private enum Kind { IDENTITY, RELU, SIGMOID, TANH, GENERIC }

    private final IActivation fn;
    private final Kind kind;

    ActivationOp(IActivation fn) {
        this.fn = fn;
        if (fn instanceof ActivationIdentity) {
            kind = Kind.IDENTITY;
        } else if (fn.getClass() == ActivationReLU.class && ((ActivationReLU) fn).getMax() == null
                && ((ActivationReLU) fn).getThreshold() == null && ((ActivationReLU) fn).getNegativeSlope() == null) {
            kind = Kind.RELU;
        } else if (fn.getClass() == ActivationSigmoid.class) {
            kind = Kind.SIGMOID;
        } else if (fn.getClass() == ActivationTanH.class) {
            kind = Kind.TANH;
        } else {
            kind = Kind.GENERIC;
        }
    }

    /**
     * Returns whether the output may overwrite the input: true when the backward pass can be computed from the
     * output alone (identity; ReLU, whose output is positive exactly where its input is).
     *
     * @return whether the output may overwrite the input
     */
    boolean inPlace() {
        return kind == Kind.IDENTITY || kind == Kind.RELU;
    }

    /**
     * Returns whether the activation is the identity.
     *
     * @return true for the identity (forward and backward are no-ops)
     */
    boolean identity() {
        return kind == Kind.IDENTITY;
    }

    /**
     * Binds the forward pass {@code out = f(z)}.
     *
     * @param plan the plan the bound operation joins
     * @param z the pre-activation
     * @param out where the activation goes: z itself when {@link #inPlace()}, otherwise an array of z's shape
     * @return the operation to run each step
     */
    Runnable forward(Plan plan, INDArray z, INDArray out) {
        return switch (kind) {
            case IDENTITY -> out == z ? () -> { } : () -> out.assign(z);
            case RELU -> plan.bind(BoundOp.of("relu").in(z).out(out).doubles(0.0));
            case SIGMOID -> plan.bind(BoundOp.of("sigmoid").in(z).out(out));
            case TANH -> plan.bind(BoundOp.of("tanh").in(z).out(out));
            default -> () -> {
                if (out != z) {
                    out.assign(z);
                }
                fn.getActivation(out, true);
            };
        };
    }

    /**
     * Binds the backward pass {@code dz = f'(z) ⊙ eps}. For the identity there is nothing to run: the gradient is
     * eps itself.
     *
     * @param plan the plan the bound operation joins
     * @param z the pre-activation, or the output when {@link #inPlace()} (then z and the output are one array)
     * @param eps the gradient with respect to the output
     * @param dz where the result goes (an array of z's shape, never z itself); unused for the identity
     * @return the operation to run each step
     */
    Runnable backward(Plan plan, INDArray z, INDArray eps, INDArray dz) {
        return switch (kind) {
            case IDENTITY -> () -> { };
            case RELU -> {
                // step(z)·eps: libnd4j's relu_bp computes the same and takes 55 µs on [256, 64], these two 15 µs
                Runnable multiply = plan.bind(BoundOp.of("multiply").in(eps, dz).out(dz));
                yield () -> {
                    Nd4j.exec(new Step(z, dz, 0.0));
                    multiply.run();
                };
            }
            case SIGMOID -> plan.bind(BoundOp.of("sigmoid_bp").in(z, eps).out(dz));
            case TANH -> plan.bind(BoundOp.of("tanh_bp").in(z, eps).out(dz));
            default -> () -> {
                // DL4J's functions overwrite their input: give them a copy of z, in dz
                dz.assign(z);
                INDArray r = fn.backprop(dz, eps).getFirst();
                if (r != dz) {
                    dz.assign(r);
                }
            };
        };
    }

    @Override
    public String toString() {
        return fn.toString();
    }
}
