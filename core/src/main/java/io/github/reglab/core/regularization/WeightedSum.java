package io.github.reglab.core.regularization;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * A weighted combination of regularizers used as one: {@code penalty(w) = Σ_i weight_i · penalty_i(w)}, e.g. the
 * tutorial's custom regularizer {@code 0.3·L1 + 0.3·L2 + 0.4·group lasso}.
 *
 * <p>Every term must be applied before the updater (subgradient forms): the gradient of a weighted sum is the
 * weighted sum of the gradients, but a proximal step of a sum is not the sequence of the terms' proximal steps, so
 * proximal or post-updater terms are rejected rather than silently approximated.
 */
public final class WeightedSum implements Regularization {

    private static final long serialVersionUID = 1L;

    /** The terms' weights. */
    @JsonProperty("weights")
    private final double[] weights;
    /** The terms. */
    @JsonProperty("terms")
    private final Regularization[] terms;

    /**
     * Creates the sum.
     *
     * @param weights one weight per term, each finite and &ge; 0
     * @param terms the regularizers, each applied before the updater
     * @throws IllegalArgumentException naming the offending term
     */
    @JsonCreator
    public WeightedSum(@JsonProperty("weights") double[] weights,
            @JsonProperty("terms") List<Regularization> terms) {
        Objects.requireNonNull(weights, "weights");
        Objects.requireNonNull(terms, "terms");
        if (weights.length != terms.size() || terms.isEmpty()) {
            throw new IllegalArgumentException("a weighted sum needs one weight per term and at least one term, found "
                    + weights.length + " weights and " + terms.size() + " terms");
        }
        for (int i = 0; i < weights.length; i++) {
            Strength.check("weights[" + i + "]", weights[i], "weight of term " + terms.get(i));
            Regularization r = Objects.requireNonNull(terms.get(i), "terms[" + i + "]");
            if (r.applyStep() != ApplyStep.BEFORE_UPDATER) {
                throw new IllegalArgumentException(String.format(Locale.ROOT,
                        "terms[%d] (%s) is applied %s; a weighted sum takes only terms applied before the updater "
                                + "(subgradient forms), since a sum of proximal steps is not the proximal step of the "
                                + "sum", i, r, r.applyStep()));
            }
        }
        this.weights = weights.clone();
        this.terms = terms.toArray(Regularization[]::new);
    }

    /**
     * Fluent construction: {@code WeightedSum.of(0.3, l1).plus(0.7, l2)}.
     *
     * @param weight the first term's weight
     * @param term the first term
     * @return a sum of one term
     */
    public static WeightedSum of(double weight, Regularization term) {
        return new WeightedSum(new double[] {weight}, List.of(term));
    }

    /**
     * Returns a new sum with the term appended.
     *
     * @param weight the new term's weight
     * @param term the new term
     * @return a new sum with the term appended
     */
    public WeightedSum plus(double weight, Regularization term) {
        double[] w = Arrays.copyOf(weights, weights.length + 1);
        w[weights.length] = weight;
        List<Regularization> t = new ArrayList<>(List.of(terms));
        t.add(term);
        return new WeightedSum(w, t);
    }

    /**
     * Returns a copy of the weights.
     *
     * @return a copy of the weights
     */
    public double[] weights() {
        return weights.clone();
    }

    /**
     * Returns the terms.
     *
     * @return the terms
     */
    public List<Regularization> terms() {
        return List.of(terms);
    }

    @Override
    public ApplyStep applyStep() {
        return ApplyStep.BEFORE_UPDATER;
    }

    @Override
    public void apply(INDArray param, INDArray gradView, double lr, int iteration, int epoch) {
        for (int i = 0; i < terms.length; i++) {
            if (weights[i] == 0) {
                continue;
            }
            // Each term adds its gradient to a zero array; scaled, it joins the real gradient.
            INDArray part = gradView.ulike();
            part.assign(0);
            terms[i].apply(param, part, lr, iteration, epoch);
            gradView.addi(part.muli(weights[i]));
        }
    }

    @Override
    public double score(INDArray param, int iteration, int epoch) {
        double s = 0;
        for (int i = 0; i < terms.length; i++) {
            if (weights[i] != 0) {
                s += weights[i] * terms[i].score(param, iteration, epoch);
            }
        }
        return s;
    }

    @Override
    public Regularization clone() {
        List<Regularization> t = new ArrayList<>(terms.length);
        for (Regularization r : terms) {
            t.add(r.clone());
        }
        return new WeightedSum(weights, t);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WeightedSum s && Arrays.equals(s.weights, weights) && Arrays.equals(s.terms, terms);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(weights), Arrays.hashCode(terms));
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("WeightedSum(");
        for (int i = 0; i < terms.length; i++) {
            b.append(i == 0 ? "" : " + ").append(weights[i]).append("·").append(terms[i]);
        }
        return b.append(')').toString();
    }
}
