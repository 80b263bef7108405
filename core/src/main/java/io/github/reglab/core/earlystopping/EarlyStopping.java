package io.github.reglab.core.earlystopping;

import java.util.Locale;

/**
 * The early-stopping state machine, with exactly the semantics of Keras's {@code EarlyStopping} callback
 * (Keras 2.13 / 3):
 * <ul>
 *   <li>{@code best} starts at +∞ (MIN) or −∞ (MAX); {@code wait} at 0.</li>
 *   <li>Epochs before {@code startFromEpoch} are ignored entirely.</li>
 *   <li>Every other epoch first increments {@code wait}. The epoch improves iff
 *       {@code current < best − |minDelta|} (MIN; MAX mirrored: {@code current > best + |minDelta|}). On an
 *       improvement {@code best} and the best epoch are updated, and {@code wait} resets to 0 only if
 *       {@code current} also improves on the {@code baseline} (when one is set); nothing else happens that
 *       epoch.</li>
 *   <li>Otherwise training stops when {@code wait ≥ patience} and the epoch is not the first (index 0).</li>
 * </ul>
 * Call {@link #reset()} at the start of every fit (Keras's {@code on_train_begin}). Not thread-safe.
 */
public final class EarlyStopping {

    /**
     * The state that a checkpoint saves and a resume restores.
     *
     * @param best the best value so far (±∞ before the first counted epoch)
     * @param bestEpoch the epoch of best, or -1
     * @param waitCount epochs counted since the last reset of the patience counter
     */
    public record State(double best, int bestEpoch, int waitCount) {
    }

    private final EarlyStoppingSpec spec;
    private final Mode mode;
    private double best;
    private int bestEpoch;
    private int wait;

    /**
     * Starts fresh: no best epoch yet.
     *
     * @param spec the settings
     */
    public EarlyStopping(EarlyStoppingSpec spec) {
        this.spec = spec;
        this.mode = spec.mode().resolve(spec.monitor());
        reset();
    }

    /** Forgets everything: the start of a new fit. */
    public void reset() {
        best = mode == Mode.MIN ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
        bestEpoch = -1;
        wait = 0;
    }

    /**
     * Continues from a saved state.
     *
     * @param state a state from {@link #state()}, e.g. read from a checkpoint
     */
    public void restore(State state) {
        best = state.best();
        bestEpoch = state.bestEpoch();
        wait = state.waitCount();
    }

    /**
     * Returns the current state.
     *
     * @return the current state
     */
    public State state() {
        return new State(best, bestEpoch, wait);
    }

    /**
     * Returns MIN or MAX, AUTO resolved.
     *
     * @return MIN or MAX, AUTO resolved
     */
    public Mode mode() {
        return mode;
    }

    /**
     * The verdict on one epoch.
     *
     * @param improved whether this epoch became the best
     * @param stop whether training should stop after it
     */
    public record Decision(boolean improved, boolean stop) {
    }

    /**
     * Records one epoch's value of the monitored metric.
     *
     * @param epoch the epoch index, from 0
     * @param current the metric's value; must be finite (the trainer handles NaN as divergence first)
     * @return whether it improved and whether to stop
     */
    public Decision onEpochEnd(int epoch, double current) {
        if (!Double.isFinite(current)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "monitored metric %s is %s at epoch %d", spec.monitor(), current, epoch));
        }
        if (epoch < spec.startFromEpoch()) {
            return new Decision(false, false);
        }
        wait++;
        if (isImprovement(current, best)) {
            best = current;
            bestEpoch = epoch;
            if (spec.baseline() == null || isImprovement(current, spec.baseline())) {
                wait = 0;
            }
            return new Decision(true, false);
        }
        return new Decision(false, wait >= spec.patience() && epoch > 0);
    }

    /**
     * Whether the patience is used up: the state in which {@link #onEpochEnd} said stop (a run restored from a
     * checkpoint written at that epoch has nothing left to train).
     *
     * @return true when {@code patience} epochs have passed without an improvement that resets the count
     */
    public boolean exhausted() {
        return wait >= spec.patience();
    }

    private boolean isImprovement(double current, double reference) {
        double d = Math.abs(spec.minDelta());
        return mode == Mode.MIN ? current < reference - d : current > reference + d;
    }

    /**
     * Returns the best value so far.
     *
     * @return the best value so far
     */
    public double best() {
        return best;
    }

    /**
     * Returns the best epoch so far.
     *
     * @return the best epoch so far, or -1 when no epoch was counted
     */
    public int bestEpoch() {
        return bestEpoch;
    }

    /**
     * Returns the patience counter.
     *
     * @return the patience counter
     */
    public int waitCount() {
        return wait;
    }
}
