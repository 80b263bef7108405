package io.github.reglab.crossval.search;

import java.io.Serializable;

import io.github.reglab.crossval.split.Fold;

/**
 * One unit of work: train one configuration on one fold's training part from a never-trained network, then score
 * it on the fold's validation part.
 *
 * @param config the configuration
 * @param fold the indices to train on and to score on
 * @param fixedEpochs train exactly this many epochs without looking at the scored part (a refit), or 0 to stop
 *     early on the fold's validation part
 * @param seed the seed of the network's initialization, shuffling and dropout, &ne; 0
 * @serial exclude
 */
public record Task(Config config, Fold fold, int fixedEpochs, long seed) implements Serializable {

    private static final long serialVersionUID = 1L;

    /**
     * Checks the fields.
     *
     * @param config the configuration
     * @param fold the indices to train on and to score on
     * @param fixedEpochs train exactly this many epochs without looking at the scored part (a refit), or 0 to stop
     *     early on the fold's validation part
     * @param seed the seed of the network's initialization, shuffling and dropout, &ne; 0
     */
    public Task {
        if (fixedEpochs < 0) {
            throw new IllegalArgumentException("fixedEpochs must be >= 0, found " + fixedEpochs);
        }
        if (seed == 0) {
            throw new IllegalArgumentException("seed 0 is not allowed (DL4J treats it as unseeded)");
        }
    }
}
