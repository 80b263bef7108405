package io.github.reglab.core.train;

import java.util.List;
import java.util.Random;

import io.github.reglab.core.augment.BatchMixing;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Minibatches of an in-memory data set in an order reshuffled for every epoch. The order depends only on the seed
 * and the epoch ({@link #setEpoch}, which {@link Trainer} calls), so a resumed run sees exactly the batches an
 * uninterrupted one would. Without a seed (shuffle off) the order is the data set's. Each minibatch gathers its rows
 * when it is asked for, so the data is held once (not a shuffled copy per epoch besides the original).
 */
public final class ShuffledMinibatches implements DataSetIterator {

    private static final long serialVersionUID = 1L;

    /** All features, in the original order. */
    private final INDArray features;
    /** All labels, in the original order. */
    private final INDArray labels;
    /** Examples per minibatch. */
    private final int batch;
    /** The shuffling seed, or null to keep the order. */
    private final Long seed;
    /** This epoch's example order. */
    private int[] order;
    /** The epoch whose order is current. */
    private int epoch;
    /** The next example of this epoch. */
    private int cursor;
    /** Applied to every minibatch (augmentation), or null; not serialized (usually a lambda). */
    private transient BatchTransform transform;
    /** Mixes every minibatch's examples and labels after the transform (Mixup, CutMix), or null. */
    private transient BatchMixing mixing;
    /** Applied to every minibatch after the transform, or null. */
    private DataSetPreProcessor preProcessor;
    /** The arrays {@link #nextReusing()} gathers into; not serialized. */
    private transient INDArray featureBuffer;
    private transient INDArray labelBuffer;

    /**
     * Creates the iterator.
     *
     * @param data the data, held in memory
     * @param batch the minibatch size, &ge; 1
     * @param seed the shuffle seed, or null to keep the data's order
     */
    public ShuffledMinibatches(DataSet data, int batch, Long seed) {
        if (batch < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, found " + batch);
        }
        if (data.numExamples() == 0) {
            throw new IllegalArgumentException("no examples to iterate over");
        }
        this.features = data.getFeatures();
        this.labels = data.getLabels();
        this.batch = batch;
        this.seed = seed;
        setEpoch(0);
    }

    /**
     * Puts the examples in the order of the given epoch and rewinds.
     *
     * @param epoch the epoch, from 0
     */
    public void setEpoch(int epoch) {
        this.epoch = epoch;
        int n = features.rows();
        order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        if (seed != null) {
            Random r = new Random(seed * 1_000_003L + epoch);
            for (int i = n - 1; i > 0; i--) {
                int j = r.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
        cursor = 0;
    }

    /**
     * A change applied to every minibatch's features (data augmentation, for example).
     */
    @FunctionalInterface
    public interface BatchTransform {
        /**
         * Returns the features to train on (a new array).
         *
         * @param features the minibatch's features; do not modify
         * @param epoch the current epoch
         * @param exampleIds each row's index in the data set
         * @return the features to train on (a new array)
         */
        INDArray apply(INDArray features, int epoch, long[] exampleIds);
    }

    /**
     * Sets the change applied to every minibatch's features (augmentation), like DL4J's {@code setPreProcessor}.
     *
     * @param t the change, or null for none
     */
    public void setTransform(BatchTransform t) {
        this.transform = t;
    }

    /**
     * Sets the mixing of every minibatch's examples and labels (Mixup, CutMix), applied after the transform; for
     * training data only.
     *
     * @param m the mixing, or null for none
     */
    public void setMixing(BatchMixing m) {
        this.mixing = m;
    }

    @Override
    public DataSet next(int num) {
        return next(num, false);
    }

    /**
     * The next minibatch in arrays the iterator reuses at its next call ({@link Trainer} consumes each minibatch
     * before asking for the next): gathering into given arrays costs one operation each, a fresh minibatch two
     * allocations as well (about 90 µs of a 1 ms step of the fraud network).
     *
     * @return the next minibatch of {@link #batch()} examples (fewer at the end of the epoch)
     */
    DataSet nextReusing() {
        return next(batch, true);
    }

    private DataSet next(int num, boolean reuse) {
        int n = features.rows();
        int end = Math.min(n, cursor + num);
        INDArray x;
        INDArray y;
        if (seed == null) {
            x = features.get(NDArrayIndex.interval(cursor, end), NDArrayIndex.all());
            y = labels.get(NDArrayIndex.interval(cursor, end), NDArrayIndex.all());
        } else if (reuse) {
            int[] rows = java.util.Arrays.copyOfRange(order, cursor, end);
            if (featureBuffer == null) {
                featureBuffer = Nd4j.createUninitialized(features.dataType(), batch, features.columns());
                labelBuffer = Nd4j.createUninitialized(labels.dataType(), batch, labels.columns());
            }
            x = rows.length == batch ? featureBuffer
                    : featureBuffer.get(NDArrayIndex.interval(0, rows.length), NDArrayIndex.all());
            y = rows.length == batch ? labelBuffer
                    : labelBuffer.get(NDArrayIndex.interval(0, rows.length), NDArrayIndex.all());
            Nd4j.pullRows(features, x, 1, rows);
            Nd4j.pullRows(labels, y, 1, rows);
        } else {
            int[] rows = java.util.Arrays.copyOfRange(order, cursor, end);
            x = Nd4j.pullRows(features, 1, rows);
            y = Nd4j.pullRows(labels, 1, rows);
        }
        if (transform != null) {
            long[] ids = new long[end - cursor];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = order[cursor + i];
            }
            x = transform.apply(x, epoch, ids);
        }
        DataSet ds = mixing == null ? new DataSet(x, y) : mixing.apply(x, y, epoch, cursor / batch);
        cursor = end;
        if (preProcessor != null) {
            preProcessor.preProcess(ds);
        }
        return ds;
    }

    /**
     * Returns the number of minibatches in an epoch.
     *
     * @return {@code ceil(examples / batch size)}
     */
    public long batchesPerEpoch() {
        return (features.rows() + (long) batch - 1) / batch;
    }

    @Override
    public int inputColumns() {
        return features.columns();
    }

    @Override
    public int totalOutcomes() {
        return labels.columns();
    }

    @Override
    public boolean resetSupported() {
        return true;
    }

    @Override
    public boolean asyncSupported() {
        return false;
    }

    @Override
    public void reset() {
        cursor = 0;
    }

    @Override
    public int batch() {
        return batch;
    }

    @Override
    public void setPreProcessor(DataSetPreProcessor preProcessor) {
        this.preProcessor = preProcessor;
    }

    @Override
    public DataSetPreProcessor getPreProcessor() {
        return preProcessor;
    }

    @Override
    public List<String> getLabels() {
        return null;
    }

    @Override
    public boolean hasNext() {
        return cursor < features.rows();
    }

    @Override
    public DataSet next() {
        return next(batch);
    }
}
