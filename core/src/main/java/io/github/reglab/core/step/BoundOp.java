package io.github.reglab.core.step;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.CustomOp;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A libnd4j custom operation bound once to fixed input and output arrays and arguments. Each {@link #run()} is one
 * native call on a prepared operation context; ND4J's usual path builds a context, copies every array reference and
 * argument into it, and reads the random-generator state back, on every call (measured: 5–7 µs of a 1–2 µs
 * operation on small arrays). Only for operations that draw no random numbers.
 */
final class BoundOp implements AutoCloseable {

    private final CustomOp op;
    private final OpContext context;

    private BoundOp(CustomOp op) {
        this.op = op;
        this.context = Nd4j.getExecutioner().buildContext();
        context.setInputArrays(op.inputArguments());
        context.setOutputArrays(op.outputArguments());
        context.setIArguments(op.iArgs());
        context.setTArguments(op.tArgs());
        context.setBArguments(op.bArgs());
    }

    /**
     * Starts an operation.
     *
     * @param name libnd4j's operation name, e.g. {@code matmul}
     * @return a builder
     */
    static Builder of(String name) {
        return new Builder(name);
    }

    /**
     * Replaces the operation's floating-point and integer arguments (a learning rate, an iteration) before a run.
     *
     * @param doubles the floating-point arguments, in the operation's order
     * @param longs the integer arguments, in the operation's order
     */
    void setArguments(double[] doubles, long[] longs) {
        context.setTArguments(doubles);
        context.setIArguments(longs);
    }

    /** Runs the operation once. */
    void run() {
        Nd4j.getExecutioner().exec(op, context);
    }

    @Override
    public void close() {
        try {
            context.close();
        } catch (Exception e) {
            throw new IllegalStateException("cannot release the context of " + op.opName(), e);
        }
    }

    @Override
    public String toString() {
        return op.opName();
    }

    /** Collects an operation's arrays and arguments. */
    static final class Builder {
        private final DynamicCustomOp.DynamicCustomOpsBuilder b;

        private Builder(String name) {
            this.b = DynamicCustomOp.builder(name);
        }

        Builder in(INDArray... arrays) {
            b.addInputs(arrays);
            return this;
        }

        Builder out(INDArray... arrays) {
            b.addOutputs(arrays);
            return this;
        }

        Builder ints(int... args) {
            b.addIntegerArguments(args);
            return this;
        }

        Builder doubles(double... args) {
            Double[] boxed = new Double[args.length];
            for (int i = 0; i < args.length; i++) {
                boxed[i] = args[i];
            }
            b.addFloatingPointArguments(boxed);
            return this;
        }

        Builder bools(boolean... args) {
            b.addBooleanArguments(args);
            return this;
        }

        BoundOp bind() {
            return new BoundOp(b.build());
        }
    }
}
