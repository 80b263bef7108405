package io.github.reglab.fraud.crossval;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.github.reglab.crossval.search.Config;
import io.github.reglab.crossval.search.ConfigSummary;
import io.github.reglab.crossval.search.FoldScore;
import io.github.reglab.crossval.search.NestedCrossValidation;
import io.github.reglab.crossval.search.SearchResult;
import io.github.reglab.fraud.crossval.FraudFoldEvaluator;
import io.github.reglab.harness.report.Charts;
import io.github.reglab.harness.run.RunDirectory;

/**
 * Writes a search's results: {@code results.csv} (one row per configuration, best first), {@code results.md},
 * {@code results.json} (with every fold's scores), {@code metrics.json} (best configuration, test score, nested
 * estimate), {@code regularization-path.png} (objective against the path parameter with ±1 standard deviation
 * bars) and {@code sparsity.png} (share of zero weights against it).
 */
final class SearchReport {

    private final SearchResult result;
    private final FoldScore test;
    private final NestedCrossValidation.Result nested;
    private final String pathParam;
    private final List<String> metrics;

    SearchReport(SearchResult result, FoldScore test, NestedCrossValidation.Result nested, String pathParam,
            List<String> metrics) {
        this.result = result;
        this.test = test;
        this.nested = nested;
        this.pathParam = pathParam;
        this.metrics = List.copyOf(metrics);
    }

    private List<String> parameters() {
        Set<String> names = new LinkedHashSet<>();
        result.ranked().forEach(s -> names.addAll(s.config().values().keySet()));
        return new ArrayList<>(names);
    }

    void write(RunDirectory dir) {
        dir.write("results.csv", out -> write(out, csv()));
        dir.write("results.md", out -> write(out, markdown()));
        dir.writeJson("results.json", json());
        dir.writeMetrics("metrics.json", metricsJson());
        if (pathParam != null) {
            Charts.lines(dir.resolve("regularization-path.png"), "Regularization path: validation "
                    + result.objective().metric() + " (mean ± sd over folds)", pathParam, result.objective().metric(),
                    pathSeries(result.objective().metric()), null, null, positiveX());
            Charts.lines(dir.resolve("sparsity.png"), "Sparsity: share of weights exactly 0 (mean over folds)",
                    pathParam, FraudFoldEvaluator.ZERO_WEIGHT_FRACTION,
                    pathSeries(FraudFoldEvaluator.ZERO_WEIGHT_FRACTION), null, null, positiveX());
        }
        List<Stability> stability = stability();
        dir.write("stability.csv", out -> write(out, stabilityCsv(stability)));
        Charts.bars(dir.resolve("stability.png"), "Stability: share of the best configuration's "
                + result.best().scores().size() + " folds in which each feature keeps weights", "feature",
                "share of folds kept", stability.stream().map(Stability::feature).toList(),
                stability.stream().mapToDouble(Stability::kept).toArray());
    }

    /**
     * How often one input feature survived the best configuration's folds.
     *
     * @param feature the feature's name
     * @param kept the share of folds in which some first-layer weight of it is non-zero
     * @param folds the number of folds
     */
    record Stability(String feature, double kept, int folds) {
    }

    /** Per feature, in the data's order, the share of the best configuration's folds that kept it. */
    List<Stability> stability() {
        ConfigSummary best = result.best();
        List<Stability> out = new ArrayList<>();
        best.mean().forEach((name, zeroedShare) -> {
            if (name.startsWith(FraudFoldEvaluator.ZEROED_PREFIX)) {
                out.add(new Stability(name.substring(FraudFoldEvaluator.ZEROED_PREFIX.length()), 1 - zeroedShare,
                        best.scores().size()));
            }
        });
        return out;
    }

    static String stabilityCsv(List<Stability> rows) {
        StringBuilder b = new StringBuilder("feature,kept_share,zeroed_folds,folds\n");
        for (Stability s : rows) {
            b.append(s.feature()).append(',').append(num(s.kept())).append(',')
                    .append(Math.round((1 - s.kept()) * s.folds())).append(',').append(s.folds()).append('\n');
        }
        return b.toString();
    }

    private static void write(java.io.OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
    }

    private boolean positiveX() {
        return result.ranked().stream().allMatch(s -> s.config().number(pathParam, 0) > 0);
    }

    /** One series per combination of the other parameters; x = the path parameter, sorted. */
    List<Charts.Series> pathSeries(String metric) {
        Map<String, TreeMap<Double, ConfigSummary>> groups = new LinkedHashMap<>();
        for (ConfigSummary s : result.ranked()) {
            if (s.pruned()) {
                continue;
            }
            Map<String, Object> others = new LinkedHashMap<>(s.config().values());
            others.remove(pathParam);
            String key = others.isEmpty() ? "all folds" : new Config(0, others).label();
            groups.computeIfAbsent(key, k -> new TreeMap<>()).put(s.config().number(pathParam, 0), s);
        }
        List<Charts.Series> series = new ArrayList<>();
        groups.forEach((name, points) -> {
            double[] x = new double[points.size()];
            double[] y = new double[points.size()];
            double[] e = new double[points.size()];
            int i = 0;
            for (Map.Entry<Double, ConfigSummary> p : points.entrySet()) {
                x[i] = p.getKey();
                y[i] = p.getValue().mean().get(metric);
                e[i] = p.getValue().std().get(metric);
                i++;
            }
            series.add(new Charts.Series(name, x, y, e));
        });
        return series;
    }

    private static String names(List<Stability> rows, java.util.function.Predicate<Stability> which) {
        List<String> n = rows.stream().filter(which).map(Stability::feature).toList();
        return n.isEmpty() ? "none" : String.join(", ", n);
    }

    String csv() {
        StringBuilder b = new StringBuilder("rank,config");
        List<String> params = parameters();
        params.forEach(p -> b.append(',').append(p));
        metrics.forEach(m -> b.append(',').append(m).append("_mean,").append(m).append("_std"));
        b.append(",folds,pruned,median_best_epochs,seconds\n");
        int rank = 1;
        for (ConfigSummary s : result.ranked()) {
            b.append(rank++).append(',').append(s.config().id());
            for (String p : params) {
                Object v = s.config().values().get(p);
                b.append(',').append(v == null ? "" : Config.format(v));
            }
            for (String m : metrics) {
                b.append(',').append(num(s.mean().get(m))).append(',').append(num(s.std().get(m)));
            }
            b.append(',').append(s.scores().size()).append(',').append(s.pruned()).append(',')
                    .append(s.medianBestEpoch()).append(',')
                    .append(num(s.scores().stream().mapToDouble(FoldScore::seconds).sum())).append('\n');
        }
        return b.toString();
    }

    String markdown() {
        String obj = result.objective().metric();
        StringBuilder b = new StringBuilder();
        b.append("# Cross-validated search\n\n");
        b.append(String.format(Locale.ROOT, "%s, %d configuration(s), ranked by mean validation %s; %.1f s.%n%n",
                result.splitter(), result.ranked().size(), obj, result.seconds()));
        List<String> params = parameters();
        b.append("| rank |");
        params.forEach(p -> b.append(' ').append(p).append(" |"));
        metrics.forEach(m -> b.append(' ').append(m).append(" |"));
        b.append(" folds | epochs |\n|---|");
        params.forEach(p -> b.append("---|"));
        metrics.forEach(m -> b.append("---|"));
        b.append("---|---|\n");
        int rank = 1;
        for (ConfigSummary s : result.ranked()) {
            b.append("| ").append(rank++).append(s.pruned() ? " (pruned)" : "").append(" |");
            for (String p : params) {
                Object v = s.config().values().get(p);
                b.append(' ').append(v == null ? "" : Config.format(v)).append(" |");
            }
            for (String m : metrics) {
                b.append(String.format(Locale.ROOT, " %.4f ± %.4f |", s.mean().get(m), s.std().get(m)));
            }
            b.append(' ').append(s.scores().size()).append(" | ").append(s.medianBestEpoch()).append(" |\n");
        }
        b.append('\n').append(summary()).append('\n');
        return b.toString();
    }

    String summary() {
        String obj = result.objective().metric();
        ConfigSummary best = result.best();
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "Best configuration: %s — validation %s %.4f ± %.4f over %d folds.%n",
                best.config().label(), obj, best.mean().get(obj), best.std().get(obj), best.scores().size()));
        b.append(String.format(Locale.ROOT, "Refitted on all cross-validation rows for %d epochs: test %s %.4f, "
                + "test %s %.4f, %.1f %% of weights exactly 0.", test.epochs(), obj, test.metrics().get(obj),
                FraudFoldEvaluator.AUC_ROC.equals(obj) ? FraudFoldEvaluator.AVERAGE_PRECISION
                        : FraudFoldEvaluator.AUC_ROC,
                test.metrics().get(FraudFoldEvaluator.AUC_ROC.equals(obj) ? FraudFoldEvaluator.AVERAGE_PRECISION
                        : FraudFoldEvaluator.AUC_ROC),
                100 * test.metrics().get(FraudFoldEvaluator.ZERO_WEIGHT_FRACTION)));
        List<Stability> st = stability();
        b.append(String.format(Locale.ROOT, "%nStability over the best configuration's folds (stability.csv): %d of "
                + "%d features kept in every fold; dropped in every fold: %s; in some folds only: %s.", st.stream()
                .filter(s -> s.kept() == 1).count(), st.size(), names(st, s -> s.kept() == 0),
                names(st, s -> s.kept() > 0 && s.kept() < 1)));
        if (nested != null) {
            b.append(String.format(Locale.ROOT, "%nNested cross-validation (%d outer folds): %s %.4f ± %.4f.",
                    nested.outer().size(), obj, nested.mean(), nested.std()));
        }
        return b.toString();
    }

    Map<String, Object> json() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("splitter", result.splitter());
        root.put("objective", result.objective());
        root.put("seconds", result.seconds());
        List<Map<String, Object>> folds = new ArrayList<>();
        result.folds().forEach(f -> folds.add(Map.of("name", f.name(), "train", f.train().length,
                "validation", f.validation().length)));
        root.put("folds", folds);
        List<Map<String, Object>> configs = new ArrayList<>();
        for (ConfigSummary s : result.ranked()) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("id", s.config().id());
            c.put("parameters", s.config().values());
            c.put("mean", s.mean());
            c.put("std", s.std());
            c.put("pruned", s.pruned());
            c.put("medianBestEpochs", s.medianBestEpoch());
            c.put("folds", s.scores());
            configs.add(c);
        }
        root.put("configurations", configs);
        return root;
    }

    Map<String, Object> metricsJson() {
        Map<String, Object> root = new LinkedHashMap<>();
        ConfigSummary best = result.best();
        Map<String, Object> cv = new LinkedHashMap<>();
        cv.put("best", best.config().values());
        cv.put("mean", best.mean());
        cv.put("std", best.std());
        root.put("crossValidation", cv);
        Map<String, Object> t = new LinkedHashMap<>(test.metrics());
        t.put("epochs", test.epochs());
        root.put("test", t);
        if (nested != null) {
            Map<String, Object> n = new LinkedHashMap<>();
            n.put("outerFolds", nested.outer().size());
            n.put("mean", nested.mean());
            n.put("std", nested.std());
            List<Map<String, Object>> outer = new ArrayList<>();
            nested.outer().forEach(o -> outer.add(Map.of("fold", o.fold().name(), "chosen",
                    o.inner().best().config().values(), "score", o.score().metrics())));
            n.put("outer", outer);
            root.put("nested", n);
        }
        return root;
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.6g", v);
    }
}
