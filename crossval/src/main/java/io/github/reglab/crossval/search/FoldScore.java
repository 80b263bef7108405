package io.github.reglab.crossval.search;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one {@link Task} measured.
 *
 * @param configId the configuration's id
 * @param fold the fold's name (e.g. {@code r0f2})
 * @param metrics metric name to value on the scored part, plus sparsity measures of the trained network
 * @param bestEpoch the epoch whose weights were kept (early stopping), or the last epoch of a refit
 * @param epochs the epochs trained
 * @param seconds wall time of the task
 * @serial exclude
 */
public record FoldScore(int configId, String fold, Map<String, Double> metrics, int bestEpoch, int epochs,
        double seconds) implements Serializable {

    private static final long serialVersionUID = 1L;

    /**
     * Copies the metrics.
     *
     * @param configId the configuration's id
     * @param fold the fold's name (e.g. {@code r0f2})
     * @param metrics metric name to value on the scored part, plus sparsity measures of the trained network
     * @param bestEpoch the epoch whose weights were kept (early stopping), or the last epoch of a refit
     * @param epochs the epochs trained
     * @param seconds wall time of the task
     */
    public FoldScore {
        metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    }
}
