package io.github.reglab.fraud;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.reglab.core.io.ModelArchive;
import io.github.reglab.fraud.data.Log1p;
import io.github.reglab.harness.run.Json;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.preprocessor.NormalizerStandardize;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Everything {@code score} needs, in one {@code model.zip}: the network, the log transform and the standardization
 * fitted on the training part (applied in that order), the decision threshold, the feature names in order and the
 * label's name. Written and read
 * through {@link ModelArchive} (no Java serialization; the normalizer is stored as JSON numbers).
 *
 * @param network the trained network
 * @param normalizer per-feature mean and standard deviation of the training part
 * @param threshold predicted fraud iff the fraud probability &ge; threshold
 * @param thresholdRule how the threshold was chosen, e.g. {@code max F1 on validation}
 * @param featureNames the input columns, in the order the network expects
 * @param labelName the label column's name
 * @param log1p the columns transformed with log(1 + x) before the standardization
 */
public record FraudModel(MultiLayerNetwork network, NormalizerStandardize normalizer, double threshold,
        String thresholdRule, List<String> featureNames, String labelName, Log1p log1p) {

    /** File name of the model in a run folder. */
    public static final String FILE_NAME = "model.zip";

    private static final String META = "fraud-model.json";

    /** The JSON stored beside the network. */
    record Meta(double threshold, String thresholdRule, List<String> featureNames, String labelName, float[] mean,
            float[] std, List<String> log1pColumns) {
    }

    /**
     * @param features raw feature rows {@code [n, d]} in {@link #featureNames} order (as in the data file)
     * @return the fraud probability of every row
     * @throws IllegalArgumentException when a log-transformed column has a negative value (row and column named)
     */
    public double[] fraudProbability(INDArray features) {
        INDArray x;
        if (log1p.columns().isEmpty()) {
            x = features.dup();
        } else {
            float[] v = features.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).dup('c').data().asFloat();
            log1p.apply(v, featureNames.size(), log1p.indexes(featureNames), featureNames);
            x = Nd4j.create(v, features.shape(), 'c');
        }
        normalizer.transform(x);
        return network.output(x, false).getColumn(1).toDoubleVector();
    }

    /**
     * Writes the model atomically.
     *
     * @param target the file
     */
    public void write(Path target) {
        Meta meta = new Meta(threshold, thresholdRule, featureNames, labelName,
                normalizer.getMean().toFloatVector(), normalizer.getStd().toFloatVector(), log1p.columns());
        Map<String, byte[]> extras = new LinkedHashMap<>();
        try {
            extras.put(META, Json.mapper().writeValueAsBytes(meta));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode the model description", e);
        }
        ModelArchive.write(target, network, ModelArchive.Include.WEIGHTS, extras);
    }

    /**
     * Checks every value scoring reads: the checksums only detect damage, so a rewritten file must still make
     * sense.
     */
    private static void checkValues(Path file, Meta m) {
        String where = "model file " + file + " has ";
        if (!(m.threshold() >= 0 && m.threshold() <= 1)) {
            throw new ModelArchive.InvalidModelException(where + "threshold " + m.threshold() + "; a threshold on a "
                    + "probability is in [0, 1]", null);
        }
        java.util.Set<String> names = new java.util.HashSet<>();
        for (String n : m.featureNames()) {
            if (n == null || n.isBlank() || !names.add(n)) {
                throw new ModelArchive.InvalidModelException(where + (n == null || n.isBlank() ? "a blank feature name"
                        : "the feature name '" + n + "' twice"), null);
            }
        }
        if (m.labelName() == null || m.labelName().isBlank() || names.contains(m.labelName())) {
            throw new ModelArchive.InvalidModelException(where + "label name '" + m.labelName() + "', which is "
                    + "blank or also a feature", null);
        }
        for (int i = 0; i < m.mean().length; i++) {
            if (!Float.isFinite(m.mean()[i]) || !(m.std()[i] > 0) || !Float.isFinite(m.std()[i])) {
                throw new ModelArchive.InvalidModelException(where + "normalizer mean " + m.mean()[i] + " and scale "
                        + m.std()[i] + " for feature '" + m.featureNames().get(i) + "'; means are finite, scales "
                        + "finite and > 0", null);
            }
        }
    }

    /**
     * Reads a model strictly (see {@link ModelArchive}).
     *
     * @param file the model file
     * @return the model
     * @throws ModelArchive.InvalidModelException when the file is not a usable fraud model
     */
    public static FraudModel read(Path file) {
        ModelArchive.Contents c = ModelArchive.read(file, false);
        Meta m;
        try {
            m = Json.mapper().readValue(c.text(META).getBytes(StandardCharsets.UTF_8), Meta.class);
        } catch (IOException e) {
            throw new ModelArchive.InvalidModelException("model file " + file + " has an unreadable "
                    + META + ": " + e.getMessage(), e);
        }
        int d = m.featureNames() == null ? -1 : m.featureNames().size();
        long nIn = c.network().layerInputSize(0);
        if (d < 1 || m.mean() == null || m.std() == null || m.mean().length != d || m.std().length != d
                || nIn != d) {
            throw new ModelArchive.InvalidModelException("model file " + file + " is inconsistent: " + d
                    + " feature names, normalizer sizes " + (m.mean() == null ? -1 : m.mean().length) + "/"
                    + (m.std() == null ? -1 : m.std().length) + ", network inputs " + nIn, null);
        }
        checkValues(file, m);
        Log1p log;
        try {
            log = m.log1pColumns() == null ? Log1p.NONE : new Log1p(m.log1pColumns());
            log.indexes(m.featureNames());
        } catch (IllegalArgumentException e) {
            throw new ModelArchive.InvalidModelException("model file " + file + " has a log transform that does not "
                    + "fit its features: " + e.getMessage(), e);
        }
        NormalizerStandardize norm = new NormalizerStandardize(Nd4j.createFromArray(m.mean()).reshape(1, d),
                Nd4j.createFromArray(m.std()).reshape(1, d));
        return new FraudModel(c.network(), norm, m.threshold(), m.thresholdRule(), m.featureNames(), m.labelName(),
                log);
    }
}
