package io.github.reglab.bench;

import io.github.reglab.core.backend.NativeSetup;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Probe for docs/benchmarks.md ("Peak memory"): how much resident memory a DL4J process holds before it trains
 * anything. Stages, each a separate run under {@code /usr/bin/time -v}: {@code jvm} (the JVM and this class only),
 * {@code nd4j} (+ ND4J's backend loaded and one array made), {@code net} (+ the fraud MLP built and initialized),
 * {@code step [N]} (+ the bench's 200,000 × 30 data and N training steps at batch 256, default 20; the bench's
 * 3 epochs are 2,344). Not a test; run it on the test
 * class path with the bench worker's options ({@code -Xmx2g}).
 */
public final class RssFloorProbe {
    public static void main(String[] a) {
        String stage = a[0];
        if (stage.equals("jvm")) {
            System.out.println("jvm only");
            return;
        }
        NativeSetup.configure();
        System.out.println(Nd4j.create(new float[] {1, 2, 3}).sumNumber());
        if (stage.equals("nd4j")) {
            return;
        }
        var spec = io.github.reglab.fraud.FraudNetSpec.defaults(30).withHidden(64).withDropRate(0.1);
        MultiLayerNetwork net = new MultiLayerNetwork(spec.toDl4j(42));
        net.init();
        if (stage.equals("net")) {
            System.out.println(net.numParams() + " parameters");
            return;
        }
        DataSet train = Workloads.tabular(200_000, 30, 1);
        int steps = a.length > 1 ? Integer.parseInt(a[1]) : 20;
        var it = new io.github.reglab.core.train.ShuffledMinibatches(train, 256, 5L);
        for (int i = 0; i < steps; i++) {
            if (!it.hasNext()) {
                it.reset();
            }
            net.fit(it.next());
        }
        System.out.println("score " + net.score());
    }
}
