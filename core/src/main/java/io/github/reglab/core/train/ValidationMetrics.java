package io.github.reglab.core.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

import io.github.reglab.core.metrics.BinaryMetrics;
import io.github.reglab.core.metrics.MulticlassMetrics;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Penalty-free validation metrics of a classifier. DL4J's {@code DataSetLossCalculator} adds the regularization
 * penalty to the validation loss (4.06 against a data loss of 0.84 with l2 = 1), which makes strengths impossible to
 * compare; everything here is computed from {@code scoreExamples(ds, false)} and the network's outputs.
 *
 * <p>Names: {@value #LOSS} (mean data loss), {@value #ACCURACY} (argmax), and for binary problems (one sigmoid
 * output, or two softmax outputs whose second column is the positive class) {@value #AUC_ROC}, {@value
 * #AVERAGE_PRECISION} (scikit-learn's step definition), {@value #AUPRC} (trapezoidal), {@value #F1} and {@value
 * #MCC} at threshold 0.5.
 */
public final class ValidationMetrics {

    /** Mean validation data loss, without the penalty. */
    public static final String LOSS = "val_loss";
    /** Share of examples whose argmax output is the label's. */
    public static final String ACCURACY = "accuracy";
    /** Area under the ROC curve. */
    public static final String AUC_ROC = "auc_roc";
    /** Average precision (step sum). */
    public static final String AVERAGE_PRECISION = "average_precision";
    /** Trapezoidal area under the precision-recall curve. */
    public static final String AUPRC = "auprc_trapezoid";
    /** F1 at threshold 0.5. */
    public static final String F1 = "f1";
    /** Matthews correlation at threshold 0.5. */
    public static final String MCC = "mcc";

    /** Every metric name this class computes. */
    public static final Set<String> NAMES = Set.of(LOSS, ACCURACY, AUC_ROC, AVERAGE_PRECISION, AUPRC, F1, MCC);

    private static final Set<String> BINARY_ONLY = Set.of(AUC_ROC, AVERAGE_PRECISION, AUPRC, F1, MCC);

    private ValidationMetrics() {
    }

    /**
     * Checks metric names.
     *
     * @param names requested metric names
     * @throws IllegalArgumentException naming an unknown metric and listing the known ones
     */
    public static void check(Iterable<String> names) {
        for (String n : names) {
            if (!NAMES.contains(n)) {
                throw new IllegalArgumentException("unknown validation metric '" + n + "'; known: " + NAMES);
            }
        }
    }

    /**
     * Predictions of a classifier on a data set, with the labels.
     *
     * @param probabilities {@code [n, k]} outputs
     * @param labels {@code [n, k]} one-hot labels (or {@code [n, 1]} 0/1 for a sigmoid output)
     * @param meanLoss the mean penalty-free data loss
     */
    public record Predictions(INDArray probabilities, INDArray labels, double meanLoss) {

        /**
         * Returns the positive-class score per example (column 1 of two.
         *
         * @return the positive-class score per example (column 1 of two, or the only column)
         */
        public double[] positiveScores() {
            int col = probabilities.columns() == 1 ? 0 : 1;
            if (probabilities.columns() > 2) {
                throw new IllegalArgumentException("binary metrics need 1 or 2 output columns, found "
                        + probabilities.columns());
            }
            return probabilities.getColumn(col).toDoubleVector();
        }

        /**
         * Returns the 0/1 label per example.
         *
         * @return the 0/1 label per example
         */
        public int[] binaryLabels() {
            int col = labels.columns() == 1 ? 0 : 1;
            double[] v = labels.getColumn(col).toDoubleVector();
            int[] y = new int[v.length];
            for (int i = 0; i < v.length; i++) {
                y[i] = v[i] > 0.5 ? 1 : 0;
            }
            return y;
        }

        /**
         * Returns the argmax class per example of labels and outputs.
         *
         * @return the argmax class per example of labels and outputs
         */
        public int[][] classes() {
            if (labels.columns() == 1) {
                int[] y = binaryLabels();
                double[] s = positiveScores();
                int[] p = new int[s.length];
                for (int i = 0; i < s.length; i++) {
                    p[i] = s[i] >= 0.5 ? 1 : 0;
                }
                return new int[][] {y, p};
            }
            return new int[][] {labels.argMax(1).toIntVector(), probabilities.argMax(1).toIntVector()};
        }
    }

    /**
     * Runs the network over a data set (inference mode, no dropout) and collects outputs and losses.
     *
     * @param net the network
     * @param data the data; reset before use
     * @return the predictions
     */
    public static Predictions predict(MultiLayerNetwork net, DataSetIterator data) {
        return predict(net, data, x -> net.output(x, false));
    }

    /**
     * {@link #predict(MultiLayerNetwork, DataSetIterator)} with the outputs from a given forward pass (the
     * trainer's compiled step, which computes what {@code net.output} does on its own buffers).
     *
     * @param net the network (its output layer's loss scores the predictions)
     * @param data the data; reset before use
     * @param output the inference forward pass: features to the output layer's activations
     * @return the predictions
     */
    static Predictions predict(MultiLayerNetwork net, DataSetIterator data, UnaryOperator<INDArray> output) {
        data.reset();
        List<INDArray> outs = new ArrayList<>();
        List<INDArray> labels = new ArrayList<>();
        LossMCXENT softmaxLoss = softmaxCrossEntropy(net);
        double lossSum = 0;
        long n = 0;
        while (data.hasNext()) {
            DataSet ds = data.next();
            INDArray p = output.apply(ds.getFeatures());
            outs.add(p);
            labels.add(ds.getLabels());
            lossSum += softmaxLoss != null && ds.getLabelsMaskArray() == null
                    ? crossEntropy(softmaxLoss, p, ds.getLabels())
                    : net.scoreExamples(ds, false).sumNumber().doubleValue();
            n += ds.numExamples();
        }
        if (n == 0) {
            throw new IllegalArgumentException("the validation data is empty");
        }
        return new Predictions(org.nd4j.linalg.factory.Nd4j.vstack(outs.toArray(INDArray[]::new)),
                org.nd4j.linalg.factory.Nd4j.vstack(labels.toArray(INDArray[]::new)), lossSum / n);
    }

    /** DL4J's softmax cross-entropy of the output layer, or null when the network ends otherwise. */
    private static LossMCXENT softmaxCrossEntropy(MultiLayerNetwork net) {
        var last = net.getLayerWiseConfigurations().getConf(net.getnLayers() - 1).getLayer();
        return last instanceof OutputLayer o && o.getLossFn() != null && o.getLossFn().getClass() == LossMCXENT.class
                && o.getActivationFn() instanceof ActivationSoftmax ? (LossMCXENT) o.getLossFn() : null;
    }

    /**
     * The summed loss DL4J's {@code scoreExamples} gives a softmax cross-entropy output, from the probabilities
     * already computed: {@code −Σ y ⊙ w ⊙ log(clip(p))}, p clipped to DL4J's {@code [ε, 1 − ε]}. One inference
     * pass per validation minibatch instead of two.
     */
    private static double crossEntropy(LossMCXENT loss, INDArray p, INDArray labels) {
        double eps = loss.getSoftmaxClipEps();
        INDArray logp = eps > 0 ? Transforms.min(Transforms.max(p, eps, true), 1 - eps, false) : p.dup();
        Transforms.log(logp, false).muli(labels.castTo(logp.dataType()));
        if (loss.getWeights() != null) {
            logp.muliRowVector(loss.getWeights().castTo(logp.dataType()));
        }
        return -logp.sumNumber().doubleValue();
    }

    /**
     * Returns each metric's value, in the order asked.
     *
     * @param p predictions
     * @param names the metrics to compute
     * @return each metric's value, in the order asked
     */
    public static Map<String, Double> compute(Predictions p, List<String> names) {
        check(names);
        Map<String, Double> out = new LinkedHashMap<>();
        BinaryMetrics binary = null;
        for (String name : names) {
            if (BINARY_ONLY.contains(name) && binary == null) {
                binary = new BinaryMetrics(p.positiveScores(), p.binaryLabels());
            }
            double v = switch (name) {
                case LOSS -> p.meanLoss();
                case ACCURACY -> {
                    int[][] c = p.classes();
                    yield MulticlassMetrics.of(c[0], c[1], Math.max(2, p.labels().columns())).accuracy();
                }
                case AUC_ROC -> binary.aucRoc();
                case AVERAGE_PRECISION -> binary.averagePrecision();
                case AUPRC -> binary.auprcTrapezoid();
                case F1 -> binary.atThreshold(0.5).f1();
                case MCC -> binary.atThreshold(0.5).mcc();
                default -> throw new IllegalStateException("unreachable: " + name);
            };
            out.put(name, v);
        }
        return out;
    }
}
