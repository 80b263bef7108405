package io.github.reglab.crossval.search;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bounded pool of worker threads on this machine. Each task trains its own network on one worker thread from
 * start to end; ND4J's random generator is per thread and every task seeds it, so the results do not depend on the
 * number of workers.
 */
public final class LocalExecutor implements TaskExecutor {

    private static final Logger LOG = LoggerFactory.getLogger(LocalExecutor.class);
    /** Memory one fraud-sized worker needs (heap and off-heap), for the default worker count. */
    public static final long BYTES_PER_WORKER = 384L << 20;

    private final int workers;
    private final ExecutorService pool;

    /**
     * Creates a pool of worker threads.
     *
     * @param workers the number of threads, &ge; 1
     */
    public LocalExecutor(int workers) {
        if (workers < 1 || workers > 1024) {
            throw new IllegalArgumentException("workers must be in [1, 1024], found " + workers);
        }
        this.workers = workers;
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "crossval-worker-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * The default worker count: one per core, fewer when the heap cannot hold that many.
     *
     * @param cores available processors
     * @param maxHeap the JVM's maximum heap in bytes
     * @return the count, &ge; 1
     */
    public static int defaultWorkers(int cores, long maxHeap) {
        long byMemory = Math.max(1, maxHeap / BYTES_PER_WORKER);
        return (int) Math.max(1, Math.min(cores, byMemory));
    }

    @Override
    public List<FoldScore> run(List<Task> tasks, FoldEvaluator evaluator) {
        List<Future<FoldScore>> futures = new ArrayList<>(tasks.size());
        for (Task t : tasks) {
            futures.add(pool.submit(() -> evaluator.evaluate(t)));
        }
        List<FoldScore> scores = new ArrayList<>(tasks.size());
        try {
            for (int i = 0; i < futures.size(); i++) {
                scores.add(futures.get(i).get());
                LOG.debug("task {}/{} done", i + 1, futures.size());
            }
        } catch (InterruptedException e) {
            futures.forEach(f -> f.cancel(true));
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for cross-validation tasks", e);
        } catch (ExecutionException e) {
            futures.forEach(f -> f.cancel(true));
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException("a cross-validation task failed: " + cause, cause);
        }
        return scores;
    }

    /**
     * Returns the number of worker threads.
     *
     * @return the number of worker threads
     */
    public int workers() {
        return workers;
    }

    @Override
    public String describe() {
        return "local, " + workers + (workers == 1 ? " worker" : " workers");
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
