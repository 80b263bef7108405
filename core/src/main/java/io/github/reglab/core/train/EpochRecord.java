package io.github.reglab.core.train;

import java.util.Map;

/**
 * One epoch of training.
 *
 * @param epoch the epoch index, from 0
 * @param trainLoss mean training data loss over the epoch's minibatches, without the regularization penalty (with
 *     dropout active, as Keras reports it)
 * @param penalty the regularization penalty at the end of the epoch ({@code Σ score()} of every regularizer)
 * @param validation penalty-free validation metrics by name ({@code val_loss}, {@code accuracy}, …)
 * @param learningRate the learning rate of the first layer at the end of the epoch
 * @param seconds wall time of the epoch (training and validation)
 * @param examplesPerSecond training examples per second of training time
 */
public record EpochRecord(int epoch, double trainLoss, double penalty, Map<String, Double> validation,
        double learningRate, double seconds, double examplesPerSecond) {

    /**
     * Copies the map.
     *
     * @param epoch the epoch index, from 0
     * @param trainLoss mean training data loss over the epoch's minibatches, without the regularization penalty (with
     *     dropout active, as Keras reports it)
     * @param penalty the regularization penalty at the end of the epoch ({@code Σ score()} of every regularizer)
     * @param validation penalty-free validation metrics by name ({@code val_loss}, {@code accuracy}, …)
     * @param learningRate the learning rate of the first layer at the end of the epoch
     * @param seconds wall time of the epoch (training and validation)
     * @param examplesPerSecond training examples per second of training time
     */
    public EpochRecord {
        validation = Map.copyOf(validation);
    }
}
