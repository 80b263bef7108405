package io.github.reglab.crossval.search;

import java.util.List;

import io.github.reglab.crossval.split.Fold;

/**
 * The outcome of a search.
 *
 * @param objective the ranking metric
 * @param ranked every configuration, best first; pruned ones after all complete ones
 * @param folds the folds used
 * @param splitter the splitter's description
 * @param seconds wall time of the search
 */
public record SearchResult(Objective objective, List<ConfigSummary> ranked, List<Fold> folds, String splitter,
        double seconds) {

    /**
     * Returns the best configuration's summary.
     *
     * @return the best configuration's summary
     */
    public ConfigSummary best() {
        return ranked.get(0);
    }
}
