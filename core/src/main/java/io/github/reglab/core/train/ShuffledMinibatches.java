package io.github.reglab.core.train;

import java.util.List;
import java.util.Random;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Minibatches of an in-memory data set in an order reshuffled for every epoch. The order depends only on the seed
 * and the epoch ({@link #setEpoch}, which {@link Trainer} calls), so a resumed run sees exactly the batches an
 * uninterrupted one would. Without a seed (shuffle off) the order is the data set's.
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
    /** This epoch's shuffled features. */
    private INDArray epochFeatures;
    /** This epoch's shuffled labels. */
    private INDArray epochLabels;
    /** This epoch's example order. */
    private int[] order;
    /** The epoch whose order is current. */
    private int epoch;
    /** The next example of this epoch. */
    private int cursor;
    /** Applied to every minibatch (augmentation), or null. */
    private BatchTransform transform;
    /** Applied to every minibatch after the transform, or null. */
    private DataSetPreProcessor preProcessor;

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
        if (seed == null) {
            epochFeatures = features;
            epochLabels = labels;
        } else {
            Random r = new Random(seed * 1_000_003L + epoch);
            for (int i = n - 1; i > 0; i--) {
                int j = r.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            epochFeatures = Nd4j.pullRows(features, 1, order);
            epochLabels = Nd4j.pullRows(labels, 1, order);
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

    @Override
    public DataSet next(int num) {
        int n = epochFeatures.rows();
        int end = Math.min(n, cursor + num);
        INDArray x = epochFeatures.get(NDArrayIndex.interval(cursor, end), NDArrayIndex.all());
        if (transform != null) {
            long[] ids = new long[end - cursor];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = order[cursor + i];
            }
            x = transform.apply(x, epoch, ids);
        }
        DataSet ds = new DataSet(x, epochLabels.get(NDArrayIndex.interval(cursor, end), NDArrayIndex.all()));
        cursor = end;
        if (preProcessor != null) {
            preProcessor.preProcess(ds);
        }
        return ds;
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
        return cursor < epochFeatures.rows();
    }

    @Override
    public DataSet next() {
        return next(batch);
    }
}
