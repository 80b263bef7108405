package io.github.reglab.harness.run;

import java.time.Duration;
import java.util.Locale;

import io.github.reglab.core.train.TrainingProgress;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Progress of long work: a progress bar on standard error when the JVM is attached to a terminal, otherwise a
 * plain log line at most every {@link #LOG_INTERVAL} (CI logs, IDE consoles, redirected output). Safe to advance
 * from several threads (cross-validation's workers).
 */
public final class Progress implements AutoCloseable {

    /** Shortest time between two log lines when there is no terminal. */
    public static final Duration LOG_INTERVAL = Duration.ofSeconds(10);

    private static final Logger LOG = LoggerFactory.getLogger(Progress.class);

    private final String task;
    private final long total;
    private final ProgressBar bar;
    private final long startNanos = System.nanoTime();
    private long done;
    private long lastLogNanos = startNanos;
    private String extra = "";

    private Progress(String task, long total, ProgressBar bar) {
        this.task = task;
        this.total = total;
        this.bar = bar;
    }

    /**
     * @param task what is being done, e.g. {@code epoch 3}
     * @param total the number of steps, or -1 when unknown
     * @return a progress reporter; close it when the work ends
     */
    public static Progress start(String task, long total) {
        boolean terminal = System.console() != null && !"dumb".equals(System.getenv("TERM"));
        ProgressBar bar = terminal ? new ProgressBarBuilder().setTaskName(task).setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII).setConsumer(new ConsoleProgressBarConsumer(System.err))
                .setUpdateIntervalMillis(250).build() : null;
        return new Progress(task, total, bar);
    }

    /**
     * Returns a receiver of {@link io.github.reglab.core.train.Trainer}'s progress that shows one bar (or periodic
     * log line) per epoch with the running minibatch loss.
     *
     * @return the receiver
     */
    public static TrainingProgress training() {
        return (epoch, batches) -> {
            Progress p = start("epoch " + epoch, batches);
            return new TrainingProgress.Epoch() {
                @Override
                public void batch(double dataLoss) {
                    p.step(1);
                    p.message(String.format(Locale.ROOT, "loss %.4f", dataLoss));
                }

                @Override
                public void close() {
                    p.close();
                }
            };
        };
    }

    /**
     * Advances by n steps.
     *
     * @param n steps done since the last call
     */
    public synchronized void step(long n) {
        done += n;
        if (bar != null) {
            bar.stepBy(n);
            return;
        }
        long now = System.nanoTime();
        if (now - lastLogNanos >= LOG_INTERVAL.toNanos()) {
            lastLogNanos = now;
            LOG.info("{}: {}{} {}", task, done, total > 0 ? String.format(Locale.ROOT, "/%d (%.0f%%, %s left)", total,
                    100.0 * done / total, eta(now)) : "", extra);
        }
    }

    /** The time left at the pace so far, e.g. {@code 1m05s}. */
    private String eta(long now) {
        if (done <= 0 || done >= total) {
            return "0s";
        }
        long seconds = Math.round((now - startNanos) / 1e9 * (total - done) / done);
        return seconds >= 60 ? String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60) : seconds + "s";
    }

    /**
     * Sets the short text shown after the counts (e.g. the running loss).
     *
     * @param message the text
     */
    public synchronized void message(String message) {
        extra = message;
        if (bar != null) {
            bar.setExtraMessage(message);
        }
    }

    /**
     * @return steps done so far
     */
    public synchronized long done() {
        return done;
    }

    @Override
    public synchronized void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
