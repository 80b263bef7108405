package io.github.reglab.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import io.github.reglab.core.regularization.GroupLasso;
import io.github.reglab.core.regularization.LayerRegularization;
import io.github.reglab.core.regularization.Regularizers;
import io.github.reglab.core.regularization.Step;
import io.github.reglab.harness.report.Statistics;
import io.github.reglab.harness.run.AppLauncher;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.regularization.L2Regularization;
import org.nd4j.linalg.learning.regularization.Regularization;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./suite bench regularizers}: training-step time of the fraud MLP and the image CNN with each regularizer,
 * against no regularization and against DL4J's built-in L2 (goal: ≤ 1.05× for L1/L2/elastic net, ≤ 1.10× for
 * group lasso).
 */
@Command(name = "regularizers", mixinStandardHelpOptions = true,
        description = "Training-step overhead of each regularizer on the fraud MLP and the image CNN.")
final class RegularizerBench implements Callable<Integer> {

    @Option(names = "--rounds", defaultValue = "9", description = "Interleaved rounds. Default: ${DEFAULT-VALUE}.")
    int rounds;

    @Option(names = "--mlp-steps", defaultValue = "200",
            description = "MLP steps (batch 256) per sample. Default: ${DEFAULT-VALUE}.")
    int mlpSteps;

    @Option(names = "--cnn-steps", defaultValue = "10",
            description = "CNN steps (batch 64) per sample. Default: ${DEFAULT-VALUE}.")
    int cnnSteps;

    @Option(names = "--skip-cnn", description = "Only the MLP.")
    boolean skipCnn;

    private record NetVariant(String name, MultiLayerNetwork net, DataSet[] batches, int steps)
            implements Interleaved.Variant {
        @Override
        public double sample() {
            long t0 = System.nanoTime();
            for (int i = 0; i < steps; i++) {
                net.fit(batches[i % batches.length]);
            }
            return (System.nanoTime() - t0) / 1e9 / steps;
        }
    }

    @Override
    public Integer call() {
        DataSet tab = Workloads.tabular(256 * 16, Workloads.FRAUD_INPUTS, 1);
        DataSet[] mlpBatches = tab.batchBy(256).toArray(DataSet[]::new);
        int in = Workloads.FRAUD_INPUTS;
        int hid = Workloads.FRAUD_HIDDEN;
        List<Interleaved.Variant> mlp = new ArrayList<>();
        mlp.add(mlpVariant("none", mlpBatches));
        mlp.add(mlpVariant("DL4J L2Regularization 1e-4", mlpBatches, new L2Regularization(1e-4)));
        mlp.add(mlpVariant("l2 1e-4", mlpBatches, Regularizers.l2(1e-4)));
        mlp.add(mlpVariant("l1 1e-4", mlpBatches, Regularizers.l1(1e-4)));
        mlp.add(mlpVariant("proximal l1 1e-4", mlpBatches, Regularizers.l1(1e-4, Step.PROXIMAL)));
        mlp.add(mlpVariant("elastic net 1e-4/0.5", mlpBatches, Regularizers.elasticNet(1e-4, 0.5)));
        mlp.add(mlpVariant("group lasso (rows) 0.05", mlpBatches, in, hid, false));
        mlp.add(mlpVariant("proximal group lasso (rows) 0.05", mlpBatches, in, hid, true));
        List<Interleaved.Summary> mlpTimes = Interleaved.run(mlp, 2, rounds);
        System.out.print(Interleaved.table("Fraud MLP (30-64-BN-ReLU-dropout-2), batch 256, ratio to 'none'",
                "ms/step", mlpTimes));
        double step = mlpTimes.get(0).medianSeconds();
        System.out.printf("%nRegularizer work per MLP step (apply + 2 x score on W[30,64] and W[64,2]; median of %d "
                + "x 2000 calls), as a share of the median unregularized step (%.3f ms)%n", rounds, step * 1000);
        System.out.printf("%-34s %12s %10s%n", "regularizer", "us/step", "share");
        Map<String, Regularization> work = new LinkedHashMap<>();
        work.put("DL4J L2Regularization", new L2Regularization(1e-4));
        work.put("l2", Regularizers.l2(1e-4));
        work.put("l1", Regularizers.l1(1e-4));
        work.put("proximal l1", Regularizers.l1(1e-4, Step.PROXIMAL));
        work.put("elastic net", Regularizers.elasticNet(1e-4, 0.5));
        work.put("group lasso (rows)", Regularizers.inputGroupLasso(0.05, in, hid, Step.GRADIENT));
        work.put("proximal group lasso (rows)", Regularizers.inputGroupLasso(0.05, in, hid, Step.PROXIMAL));
        for (Map.Entry<String, Regularization> e : work.entrySet()) {
            double us = perStepMicros(e.getValue(), in, hid);
            System.out.printf("%-34s %12.1f %9.2f%%%n", e.getKey(), us, 100 * us / (step * 1e6));
        }

        if (!skipCnn) {
            DataSet img = Workloads.images(64 * 4, 2);
            DataSet[] cnnBatches = img.batchBy(64).toArray(DataSet[]::new);
            List<Interleaved.Variant> cnn = new ArrayList<>();
            cnn.add(cnnVariant("none", cnnBatches));
            cnn.add(cnnVariant("DL4J L2Regularization 1e-4", cnnBatches, new L2Regularization(1e-4)));
            cnn.add(cnnVariant("l2 1e-4", cnnBatches, Regularizers.l2(1e-4)));
            cnn.add(cnnVariant("l1 1e-4", cnnBatches, Regularizers.l1(1e-4)));
            cnn.add(cnnVariant("elastic net 1e-4/0.5", cnnBatches, Regularizers.elasticNet(1e-4, 0.5)));
            MultiLayerNetwork gl = Workloads.cnn(3);
            // group lasso over the filters of both convolutions, L2 on the dense layer
            LayerRegularization.layer(gl, 0, Regularizers.filterGroupLasso(1e-3, 32, 1, 3, 3, Step.GRADIENT));
            LayerRegularization.layer(gl, 4, Regularizers.filterGroupLasso(1e-3, 64, 32, 3, 3, Step.GRADIENT));
            cnn.add(new NetVariant("group lasso (filters) 1e-3", gl, cnnBatches, cnnSteps));
            System.out.print(Interleaved.table("Image CNN (2x conv3x3-BN-ReLU-pool, dropout, dense 128), batch 64, "
                    + "ratio to 'none'", "ms/step", Interleaved.run(cnn, 1, rounds)));
        }
        return AppLauncher.OK;
    }

    /** Median time of apply + 2 × score on both weight matrices (group lasso only on the first), µs. */
    private double perStepMicros(Regularization r, int in, int hid) {
        INDArray w1 = Nd4j.randn(org.nd4j.linalg.api.buffer.DataType.FLOAT, (long) in * hid);
        INDArray g1 = Nd4j.randn(org.nd4j.linalg.api.buffer.DataType.FLOAT, (long) in * hid);
        INDArray w2 = Nd4j.randn(org.nd4j.linalg.api.buffer.DataType.FLOAT, (long) hid * 2);
        INDArray g2 = Nd4j.randn(org.nd4j.linalg.api.buffer.DataType.FLOAT, (long) hid * 2);
        boolean both = !(r instanceof GroupLasso);
        int calls = 2000;
        double[] samples = new double[rounds];
        for (int k = -2; k < rounds; k++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                r.apply(w1, g1, 1e-3, i, 0);
                r.score(w1, i, 0);
                r.score(w1, i, 0);
                if (both) {
                    r.apply(w2, g2, 1e-3, i, 0);
                    r.score(w2, i, 0);
                    r.score(w2, i, 0);
                }
            }
            if (k >= 0) {
                samples[k] = (System.nanoTime() - t0) / 1e3 / calls;
            }
        }
        return Statistics.median(samples);
    }

    private NetVariant mlpVariant(String name, DataSet[] batches, Regularization... regs) {
        MultiLayerNetwork net = Workloads.fraudMlp(3, 0.1);
        if (regs.length > 0) {
            LayerRegularization.layer(net, 0, regs);
            LayerRegularization.layer(net, net.getnLayers() - 1, regs);
        }
        return new NetVariant(name, net, batches, mlpSteps);
    }

    private NetVariant mlpVariant(String name, DataSet[] batches, int in, int hid, boolean proximal) {
        MultiLayerNetwork net = Workloads.fraudMlp(3, 0.1);
        LayerRegularization.layer(net, 0,
                Regularizers.inputGroupLasso(0.05, in, hid, proximal ? Step.PROXIMAL : Step.GRADIENT));
        return new NetVariant(name, net, batches, mlpSteps);
    }

    private NetVariant cnnVariant(String name, DataSet[] batches, Regularization... regs) {
        return new NetVariant(name, Workloads.cnn(3, regs), batches, cnnSteps);
    }
}
