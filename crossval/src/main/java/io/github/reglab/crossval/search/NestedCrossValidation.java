package io.github.reglab.crossval.search;

import java.util.ArrayList;
import java.util.List;

import io.github.reglab.crossval.split.Fold;
import io.github.reglab.crossval.split.Splitter;

/**
 * Nested cross-validation: an outer split; on every outer training part an inner search picks a configuration,
 * which is refitted on that whole outer training part (for the inner folds' median best epoch count) and scored on
 * the outer validation part, which the choice never saw. The mean of the outer scores estimates how well the whole
 * procedure (search included) generalizes.
 */
public final class NestedCrossValidation {

    /**
     * One outer fold.
     *
     * @param fold the outer fold
     * @param inner the inner search on its training part
     * @param score the chosen configuration refitted and scored on the outer validation part
     */
    public record OuterFold(Fold fold, SearchResult inner, FoldScore score) {
    }

    /**
     * The estimate.
     *
     * @param objective the metric
     * @param outer every outer fold
     * @param mean mean of the objective over outer folds
     * @param std its sample standard deviation
     */
    public record Result(Objective objective, List<OuterFold> outer, double mean, double std) {
    }

    private NestedCrossValidation() {
    }

    /**
     * Returns the outer estimate.
     *
     * @param outer the outer splitter
     * @param inner the inner search (its splitter and objective)
     * @param executor where the refits run
     * @param evaluator trains and scores
     * @param rows the rows to use
     * @param configs the configurations
     * @param seed the seed
     * @return the outer estimate
     */
    public static Result run(Splitter outer, CrossValidation inner, TaskExecutor executor, FoldEvaluator evaluator,
            int[] rows, List<Config> configs, long seed) {
        CrossValidation outerCv = new CrossValidation(outer, inner.objective(), 0, executor);
        List<Fold> outerFolds = outerCv.folds(evaluator, rows, seed);
        List<SearchResult> searches = new ArrayList<>();
        List<Task> refits = new ArrayList<>();
        for (int i = 0; i < outerFolds.size(); i++) {
            Fold f = outerFolds.get(i);
            SearchResult r = inner.search(evaluator, f.train(), configs, seed + 7919L * (i + 1));
            searches.add(r);
            ConfigSummary best = r.best();
            refits.add(new Task(best.config(), f, best.medianBestEpoch(), CrossValidation.taskSeed(seed, 10_000 + i)));
        }
        List<FoldScore> scores = executor.run(refits, evaluator);
        List<OuterFold> out = new ArrayList<>();
        double[] v = new double[scores.size()];
        for (int i = 0; i < scores.size(); i++) {
            out.add(new OuterFold(outerFolds.get(i), searches.get(i), scores.get(i)));
            v[i] = scores.get(i).metrics().get(inner.objective().metric());
        }
        return new Result(inner.objective(), List.copyOf(out), ConfigSummary.mean(v), ConfigSummary.std(v));
    }
}
