package io.github.reglab.fraud.crossval;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import io.github.reglab.core.backend.NativeSetup;
import io.github.reglab.core.earlystopping.EarlyStoppingSpec;
import io.github.reglab.core.layers.BatchNorm;
import io.github.reglab.core.metrics.ClassWeights;
import io.github.reglab.core.metrics.ModelComplexity;
import io.github.reglab.core.regularization.Step;
import io.github.reglab.core.train.LearningRateSpec;
import io.github.reglab.core.train.ShuffledMinibatches;
import io.github.reglab.core.train.TrainerSpec;
import io.github.reglab.core.train.TrainingResult;
import io.github.reglab.core.train.ValidationMetrics;
import io.github.reglab.crossval.search.Config;
import io.github.reglab.crossval.search.FoldEvaluator;
import io.github.reglab.crossval.search.FoldScore;
import io.github.reglab.crossval.search.ParamRange;
import io.github.reglab.crossval.search.Task;
import io.github.reglab.crossval.split.Fold;
import io.github.reglab.fraud.FraudNetSpec;
import io.github.reglab.fraud.FraudTraining;
import io.github.reglab.fraud.data.Table;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.preprocessor.NormalizerStandardize;

/**
 * Trains the fraud application's network ({@link FraudNetSpec}) on one fold and scores it on the fold's
 * validation part. Per fold and from that fold's training rows only: the standardization (ND4J's
 * {@code NormalizerStandardize}, as in the fraud app), the balanced class
 * weights, and (when the task stops early) the early stopping, which watches the fold's validation part. Every
 * task builds a new network from the task's seed.
 */
public final class FraudFoldEvaluator implements FoldEvaluator {

    private static final long serialVersionUID = 1L;

    /** Validation average precision (area under the precision–recall curve, scikit-learn's definition). */
    public static final String AVERAGE_PRECISION = ValidationMetrics.AVERAGE_PRECISION;
    /** Validation ROC AUC. */
    public static final String AUC_ROC = ValidationMetrics.AUC_ROC;
    /** Share of all weights that are exactly 0. */
    public static final String ZERO_WEIGHT_FRACTION = "zero_weight_fraction";
    /** Input features whose first-layer weights are all exactly 0. */
    public static final String ZERO_FEATURES = "zero_features";
    /**
     * Prefix of the per-feature metrics: {@code zeroed:<feature>} is 1 when all of the feature's first-layer weights
     * are exactly 0 in that fold, else 0; its mean over folds is how often the feature was dropped.
     */
    public static final String ZEROED_PREFIX = "zeroed:";

    private static final Map<String, ParamRange> PARAMETERS = parameterTable();

    /**
     * How every fold trains, and the parameter values a configuration does not set.
     *
     * @param epochs maximum epochs per fold, &ge; 1
     * @param batchSize minibatch size, &ge; 1
     * @param patience early-stopping patience in epochs, &ge; 0
     * @param maxBatches minibatches per epoch limit (smoke runs), 0 for none
     * @param fixed parameter values used when a configuration does not set them
     */
    public record Settings(int epochs, int batchSize, int patience, int maxBatches, Map<String, Object> fixed)
            implements java.io.Serializable {
        private static final long serialVersionUID = 1L;

        /** Checks and copies. */
        public Settings {
            if (epochs < 1 || batchSize < 1 || patience < 0 || maxBatches < 0) {
                throw new IllegalArgumentException("epochs and batch size must be >= 1, patience and max batches "
                        + ">= 0");
            }
            fixed = new LinkedHashMap<>(fixed);
            fixed.forEach((k, v) -> {
                ParamRange r = PARAMETERS.get(k);
                if (r == null) {
                    throw new IllegalArgumentException("unknown parameter '" + k + "'; known: "
                            + String.join(", ", PARAMETERS.keySet()));
                }
                r.check(k, v);
            });
            fixed = java.util.Collections.unmodifiableMap(fixed);
        }
    }

    private final Table table;
    private final Settings settings;

    /**
     * @param table the data (not copied; must not change afterwards)
     * @param settings how folds train
     */
    public FraudFoldEvaluator(Table table, Settings settings) {
        this.table = table;
        this.settings = settings;
        for (int y : table.labels()) {
            if (y != 0 && y != 1) {
                throw new IllegalArgumentException("the fraud network needs 0/1 labels, found " + y);
            }
        }
    }

    private static Map<String, ParamRange> parameterTable() {
        Map<String, ParamRange> p = new LinkedHashMap<>();
        p.put("l1", ParamRange.number(0, Double.MAX_VALUE, true, "L1 strength on both weight layers"));
        p.put("l2", ParamRange.number(0, Double.MAX_VALUE, true, "L2 strength (DL4J scale 0.5·λ·‖w‖²)"));
        p.put("elastic-alpha", ParamRange.number(0, Double.MAX_VALUE, true, "elastic-net alpha (scikit-learn)"));
        p.put("elastic-ratio", ParamRange.number(0, 1, true, "elastic-net L1 ratio"));
        p.put("group-lasso", ParamRange.number(0, Double.MAX_VALUE, true, "group lasso over input features"));
        p.put("adaptive-weights", ParamRange.number(0, 16, true, "adaptive group lasso exponent gamma (0: plain "
                + "group lasso; else a ridge pilot sets per-feature factors)"));
        p.put("pilot-l2", ParamRange.number(1e-12, 10, true, "L2 strength of the adaptive group lasso's ridge pilot"));
        p.put("pilot-epochs", ParamRange.integer(1, 10_000, "epochs of the adaptive group lasso's ridge pilot"));
        p.put("proximal", ParamRange.flag("proximal steps (exact zeros) for L1, elastic net, group lasso"));
        p.put("adaptive-proximal", ParamRange.flag("proximal steps in Adam's metric (with proximal)"));
        p.put("dropout", ParamRange.number(0, 1, false, "dropout drop rate after the hidden layer"));
        p.put("batch-norm", ParamRange.flag("batch normalization after the hidden layer"));
        p.put("hidden", ParamRange.integer(1, 100_000, "hidden units"));
        p.put("learning-rate", ParamRange.number(1e-7, 10, true, "Adam's learning rate"));
        return java.util.Collections.unmodifiableMap(p);
    }

    /**
     * The defaults of parameters a configuration and {@link Settings#fixed} leave unset: every penalty and dropout
     * off (a search adds them), the network and its training as {@code fraud train}'s defaults
     * ({@link FraudNetSpec#application}: no batch norm, Adam at 3e-3, proximal steps in Adam's metric, the adaptive
     * group lasso's pilot whenever a group lasso is on).
     *
     * @return the defaults
     */
    public static Map<String, Object> defaults() {
        FraudNetSpec app = FraudNetSpec.application(1);
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("l1", 0.0);
        d.put("l2", 0.0);
        d.put("elastic-alpha", 0.0);
        d.put("elastic-ratio", 0.5);
        d.put("group-lasso", 0.0);
        d.put("adaptive-weights", app.penalties().adaptiveWeights().gamma());
        d.put("pilot-l2", app.penalties().adaptiveWeights().pilotL2());
        d.put("pilot-epochs", (double) app.penalties().adaptiveWeights().pilotEpochs());
        d.put("proximal", app.penalties().step().proximal());
        d.put("adaptive-proximal", app.penalties().step() == Step.PROXIMAL_ADAPTIVE);
        d.put("dropout", 0.0);
        d.put("batch-norm", app.shape().batchNorm().on());
        d.put("hidden", (double) app.shape().hidden());
        d.put("learning-rate", app.optimization().learningRate().initial());
        return d;
    }

    @Override
    public Map<String, ParamRange> parameters() {
        return PARAMETERS;
    }

    /**
     * @return the parameters a configuration may set, with their allowed values (as {@link #parameters()})
     */
    public static Map<String, ParamRange> parameterRanges() {
        return PARAMETERS;
    }

    @Override
    public List<String> metrics() {
        return List.of(AVERAGE_PRECISION, AUC_ROC, ZERO_WEIGHT_FRACTION, ZERO_FEATURES);
    }

    @Override
    public int[] labels() {
        return table.labels().clone();
    }

    @Override
    public double[] time() {
        return table.time() == null ? null : table.time().clone();
    }

    /**
     * A fold's data, standardized with statistics of its training rows only.
     *
     * @param train the training rows
     * @param validation the validation rows
     * @param normalizer the standardization, fitted on the training rows
     */
    public record Prepared(DataSet train, DataSet validation, NormalizerStandardize normalizer) {
    }

    /**
     * @param fold a fold
     * @return its data, standardized from its training rows (the same normalizer as the fraud app's)
     */
    public Prepared prepare(Fold fold) {
        Table.Standardized s = table.toStandardizedDataSets(fold.train(), fold.validation());
        return new Prepared(s.part(0), s.part(1), s.normalizer());
    }

    /**
     * @param config a configuration
     * @param classWeights the loss weights of class 0 and 1
     * @return the network it describes (unset parameters from the settings, then the defaults)
     */
    public FraudNetSpec spec(Config config, double[] classWeights) {
        Map<String, Object> v = defaults();
        v.putAll(settings.fixed());
        v.putAll(config.values());
        return FraudNetSpec.defaults(table.columns()).withHidden((int) Math.round((Double) v.get("hidden")))
                .withDropRate((Double) v.get("dropout")).withL1((Double) v.get("l1")).withL2((Double) v.get("l2"))
                .withElasticNet((Double) v.get("elastic-alpha"), (Double) v.get("elastic-ratio"))
                .withGroupLasso((Double) v.get("group-lasso"))
                .withStep(Step.of((Boolean) v.get("proximal"), (Boolean) v.get("adaptive-proximal")))
                .withLearningRate(LearningRateSpec.constant((Double) v.get("learning-rate")))
                .withClassWeights(classWeights).withBatchNorm(BatchNorm.of((Boolean) v.get("batch-norm"), false))
                .withAdaptiveWeights((Double) v.get("adaptive-weights") == 0 ? null
                        : new FraudNetSpec.AdaptiveWeights((Double) v.get("adaptive-weights"),
                                (Double) v.get("pilot-l2"), (int) Math.round((Double) v.get("pilot-epochs"))));
    }

    @Override
    public FoldScore evaluate(Task task) {
        NativeSetup.configure();
        long t0 = System.nanoTime();
        Fold fold = task.fold();
        Prepared data = prepare(fold);
        FraudNetSpec spec = spec(task.config(), ClassWeights.balanced(table.labelsOf(fold.train()), 2));
        boolean refit = task.fixedEpochs() > 0;
        EarlyStoppingSpec stopping = refit
                ? EarlyStoppingSpec.of(AVERAGE_PRECISION, task.fixedEpochs()).withPatience(task.fixedEpochs())
                        .withRestoreBestWeights(false)
                : EarlyStoppingSpec.of(AVERAGE_PRECISION, settings.epochs()).withPatience(settings.patience());
        TrainerSpec trainerSpec = TrainerSpec.of(stopping).withMetrics(List.of(AVERAGE_PRECISION))
                .withSeed(task.seed()).withMaxBatchesPerEpoch(settings.maxBatches());
        // a refit never looks at the scored part: it watches its own training rows; so does the adaptive group
        // lasso's pilot, so the factors never see the scored part
        FraudTraining.Minibatches batches = new FraudTraining.Minibatches(data.train(),
                refit ? data.train() : data.validation(), settings.batchSize(), task.seed());
        TrainingResult result = new FraudTraining(spec, trainerSpec, task.seed()).quiet()
                .fit(batches, UnaryOperator.identity()).result();
        Map<String, Double> metrics = new LinkedHashMap<>(ValidationMetrics.compute(
                ValidationMetrics.predict(result.network(), new ShuffledMinibatches(data.validation(),
                        settings.batchSize(), null)), List.of(AVERAGE_PRECISION, AUC_ROC)));
        ModelComplexity complexity = ModelComplexity.of(result.network(), 0);
        metrics.put(ZERO_WEIGHT_FRACTION, complexity.zeroFraction());
        List<Integer> zeroed = complexity.layers().get(0).zeroInputs();
        metrics.put(ZERO_FEATURES, (double) zeroed.size());
        for (int i = 0; i < table.featureNames().size(); i++) {
            metrics.put(ZEROED_PREFIX + table.featureNames().get(i), zeroed.contains(i) ? 1.0 : 0.0);
        }
        int epochs = result.history().epochs().size();
        int best = refit ? epochs - 1 : Math.max(0, result.bestEpoch());
        return new FoldScore(task.config().id(), fold.name(), metrics, best, epochs,
                (System.nanoTime() - t0) / 1e9);
    }
}
