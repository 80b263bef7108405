package io.github.reglab.crossval.search;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * Trains and scores one configuration on one fold. It holds the data (shipped to Spark executors by broadcast)
 * and must be safe to call from several threads at once; every call starts from a never-trained network and fits
 * any data preprocessing on the fold's training part only.
 */
public interface FoldEvaluator extends Serializable {

    /**
     * Returns the parameters a configuration may set, with their allowed values.
     *
     * @return the parameters a configuration may set, with their allowed values
     */
    Map<String, ParamRange> parameters();

    /**
     * Returns the metrics {@link #evaluate} reports, the first being the default objective.
     *
     * @return the metrics {@link #evaluate} reports, the first being the default objective
     */
    List<String> metrics();

    /**
     * Returns the class label of every example (for stratified splits).
     *
     * @return the class label of every example (for stratified splits)
     */
    int[] labels();

    /**
     * Returns the time of every example.
     *
     * @return the time of every example, or null
     */
    double[] time();

    /**
     * Returns the scores.
     *
     * @param task what to train and where to score it
     * @return the scores
     */
    FoldScore evaluate(Task task);
}
