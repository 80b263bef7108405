package io.github.reglab.bench;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.IntConsumer;

import io.github.reglab.core.earlystopping.EarlyStoppingSpec;
import io.github.reglab.harness.run.AppLauncher;
import io.github.reglab.core.train.ShuffledMinibatches;
import io.github.reglab.core.train.Trainer;
import io.github.reglab.core.train.TrainerSpec;
import io.github.reglab.core.train.ValidationMetrics;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./suite bench trainer}: one epoch of the fraud MLP through {@link Trainer} against a bare
 * {@code net.fit(iterator)} on the same minibatches, reshuffled every epoch in both (goal: ≤ 3 % overhead). The trainer's validation pass is
 * kept to one small batch so that the comparison is of the training loop; its cost on real validation data is the
 * inference time of that data and is reported by the application per epoch.
 */
@Command(name = "trainer", mixinStandardHelpOptions = true,
        description = "Overhead of the project's trainer over a bare DL4J fit loop (fraud MLP, one epoch).")
final class TrainerBench implements Callable<Integer> {

    @Option(names = "--rounds", defaultValue = "7", description = "Interleaved rounds. Default: ${DEFAULT-VALUE}.")
    int rounds;

    @Option(names = "--rows", defaultValue = "170880",
            description = "Training rows (the fraud app's training part). Default: ${DEFAULT-VALUE}.")
    int rows;

    @Option(names = "--batch-size", defaultValue = "1024", description = "Default: ${DEFAULT-VALUE}.")
    int batch;

    @Override
    public Integer call() {
        DataSet train = Workloads.tabular(rows, Workloads.FRAUD_INPUTS, 1);
        DataSet valid = Workloads.tabular(256, Workloads.FRAUD_INPUTS, 2);
        MultiLayerNetwork bareNet = Workloads.fraudMlp(3, 0.1);
        ShuffledMinibatches bareData = new ShuffledMinibatches(train, batch, 5L);
        MultiLayerNetwork perBatchNet = Workloads.fraudMlp(3, 0.1);
        ShuffledMinibatches perBatchData = new ShuffledMinibatches(train, batch, 5L);
        MultiLayerNetwork trainerNet = Workloads.fraudMlp(3, 0.1);
        ShuffledMinibatches trainerData = new ShuffledMinibatches(train, batch, 5L);
        ShuffledMinibatches validation = new ShuffledMinibatches(valid, 256, null);
        Trainer trainer = new Trainer(TrainerSpec.of(EarlyStoppingSpec.of(ValidationMetrics.LOSS, 1)).withSeed(5))
                .logEpochs(false);
        List<Interleaved.Variant> variants = List.of(
                timedEpoch("bare net.fit(iterator)", epoch -> {
                    bareData.setEpoch(epoch);
                    bareNet.fit(bareData);
                }),
                timedEpoch("bare net.fit(DataSet) per batch", epoch -> {
                    perBatchData.setEpoch(epoch);
                    while (perBatchData.hasNext()) {
                        perBatchNet.fit(perBatchData.next());
                    }
                }),
                timedEpoch("Trainer.fit (1 epoch)", epoch -> trainer.fit(trainerNet, trainerData, validation)));
        System.out.print(Interleaved.table(String.format("Fraud MLP, %d rows, batch %d, one epoch", rows, batch),
                "ms/epoch", Interleaved.run(variants, 1, rounds)));
        return AppLauncher.OK;
    }

    /** A variant whose sample is the seconds one epoch takes; the epoch's number counts from 0. */
    private static Interleaved.Variant timedEpoch(String name, IntConsumer epoch) {
        return new Interleaved.Variant() {
            private int next;

            @Override
            public String name() {
                return name;
            }

            @Override
            public double sample() {
                long t0 = System.nanoTime();
                epoch.accept(next++);
                return (System.nanoTime() - t0) / 1e9;
            }
        };
    }
}
