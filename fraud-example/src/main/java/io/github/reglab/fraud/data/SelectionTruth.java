package io.github.reglab.fraud.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * How a feature selection (the inputs whose first-layer weights are all zero) compares with what the built-in
 * {@link TransactionGenerator} knows ({@link TransactionGenerator#INFORMATIVE}): V1–V7 and Amount carry the class
 * signal, V8–V28 are pure noise, Time is neither (it only orders the rows) and is left out of the counts.
 *
 * @param informativeKept informative features the model kept
 * @param informativeDropped informative features the model zeroed
 * @param noiseKept noise features the model kept
 * @param noiseDropped noise features the model zeroed
 */
public record SelectionTruth(List<String> informativeKept, List<String> informativeDropped, List<String> noiseKept,
        List<String> noiseDropped) {

    /** Copies the lists. */
    public SelectionTruth {
        informativeKept = List.copyOf(informativeKept);
        informativeDropped = List.copyOf(informativeDropped);
        noiseKept = List.copyOf(noiseKept);
        noiseDropped = List.copyOf(noiseDropped);
    }

    /**
     * Compares a selection with the generator's truth.
     *
     * @param featureNames the table's feature names (the generator's: Time, V1 … V28, Amount)
     * @param zeroed the features the model zeroed
     * @return the comparison
     * @throws IllegalArgumentException when the names are not the generator's
     */
    public static SelectionTruth of(List<String> featureNames, List<String> zeroed) {
        if (!featureNames.equals(TransactionGenerator.featureNames())) {
            throw new IllegalArgumentException("the selection can be scored only on the built-in generator's columns "
                    + TransactionGenerator.featureNames() + ", found " + featureNames);
        }
        Set<String> dropped = Set.copyOf(Objects.requireNonNull(zeroed, "zeroed"));
        List<String> ik = new ArrayList<>();
        List<String> id = new ArrayList<>();
        List<String> nk = new ArrayList<>();
        List<String> nd = new ArrayList<>();
        for (String f : featureNames) {
            if (f.equals(TransactionGenerator.TIME)) {
                continue;
            }
            boolean informative = TransactionGenerator.INFORMATIVE.contains(f);
            (dropped.contains(f) ? (informative ? id : nd) : (informative ? ik : nk)).add(f);
        }
        return new SelectionTruth(ik, id, nk, nd);
    }

    /**
     * @return kept informative features / all kept features (1 when nothing is kept)
     */
    public double precision() {
        int kept = informativeKept.size() + noiseKept.size();
        return kept == 0 ? 1.0 : informativeKept.size() / (double) kept;
    }

    /**
     * @return kept informative features / informative features
     */
    public double recall() {
        return informativeKept.size() / (double) TransactionGenerator.INFORMATIVE.size();
    }

    /**
     * @return one line for the run's summary
     */
    public String describe() {
        return String.format(java.util.Locale.ROOT, "selection against the generator's truth: noise features "
                + "dropped %d of %d, informative kept %d of %d%s; selection precision %.2f (informative share of the "
                + "kept), recall %.2f (share of the informative kept)",
                noiseDropped.size(), noiseDropped.size() + noiseKept.size(), informativeKept.size(),
                TransactionGenerator.INFORMATIVE.size(), informativeDropped.isEmpty() ? ""
                        : " (dropped " + String.join(", ", informativeDropped) + ")", precision(), recall());
    }
}
