package io.github.reglab.core.train;

/**
 * Receives the progress of {@link Trainer} inside an epoch, minibatch by minibatch: a progress bar, a log line
 * every few seconds, or nothing ({@link #none()}, the default). The library ships no implementation that draws;
 * applications plug in their own.
 */
@FunctionalInterface
public interface TrainingProgress {

    /**
     * Called when an epoch starts.
     *
     * @param epoch the epoch's number (0-based)
     * @param batches the minibatches the epoch will train on, or -1 when unknown (the first epoch of an iterator
     *     that does not say; later epochs know the count from the one before)
     * @return the receiver of that epoch's minibatches; closed when the epoch's training pass ends
     */
    Epoch startEpoch(int epoch, long batches);

    /**
     * Progress within one epoch.
     */
    interface Epoch extends AutoCloseable {
        /**
         * Called after every minibatch update.
         *
         * @param dataLoss the minibatch's mean data loss (without the regularization penalty)
         */
        void batch(double dataLoss);

        /** Called when the epoch's training pass ends (before validation). */
        @Override
        void close();
    }

    /**
     * Returns a receiver that ignores all progress.
     *
     * @return the silent receiver
     */
    static TrainingProgress none() {
        return (epoch, batches) -> new Epoch() {
            @Override
            public void batch(double dataLoss) {
                // silent by design
            }

            @Override
            public void close() {
                // nothing to release
            }
        };
    }
}
