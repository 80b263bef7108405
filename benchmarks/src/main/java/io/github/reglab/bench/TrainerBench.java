package io.github.reglab.bench;

import java.util.List;
import java.util.concurrent.Callable;

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
        Interleaved.Variant bare = new Interleaved.Variant() {
            final MultiLayerNetwork net = Workloads.fraudMlp(3, 0.1);
            final ShuffledMinibatches it = new ShuffledMinibatches(train, batch, 5L);

            int epoch;

            @Override
            public String name() {
                return "bare net.fit(iterator)";
            }

            @Override
            public double sample() {
                long t0 = System.nanoTime();
                it.setEpoch(epoch++);
                net.fit(it);
                return (System.nanoTime() - t0) / 1e9;
            }
        };
        Interleaved.Variant perBatch = new Interleaved.Variant() {
            final MultiLayerNetwork net = Workloads.fraudMlp(3, 0.1);
            final ShuffledMinibatches it = new ShuffledMinibatches(train, batch, 5L);

            int epoch;

            @Override
            public String name() {
                return "bare net.fit(DataSet) per batch";
            }

            @Override
            public double sample() {
                long t0 = System.nanoTime();
                it.setEpoch(epoch++);
                while (it.hasNext()) {
                    net.fit(it.next());
                }
                return (System.nanoTime() - t0) / 1e9;
            }
        };
        Interleaved.Variant trainer = new Interleaved.Variant() {
            final MultiLayerNetwork net = Workloads.fraudMlp(3, 0.1);
            final ShuffledMinibatches it = new ShuffledMinibatches(train, batch, 5L);
            final ShuffledMinibatches val = new ShuffledMinibatches(valid, 256, null);
            final Trainer t = new Trainer(TrainerSpec.of(EarlyStoppingSpec.of(ValidationMetrics.LOSS, 1))
                    .withSeed(5)).logEpochs(false);

            @Override
            public String name() {
                return "Trainer.fit (1 epoch)";
            }

            @Override
            public double sample() {
                long t0 = System.nanoTime();
                t.fit(net, it, val);
                return (System.nanoTime() - t0) / 1e9;
            }
        };
        System.out.print(Interleaved.table(String.format("Fraud MLP, %d rows, batch %d, one epoch", rows, batch),
                "ms/epoch", Interleaved.run(List.of(bare, perBatch, trainer), 1, rounds)));
        return AppLauncher.OK;
    }
}
