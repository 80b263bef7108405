package io.github.reglab.bench;

import io.github.reglab.core.layers.FusedBatchNormalization;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Probe for docs/benchmarks.md ("Fast path", "Compiled step"): milliseconds per training step of the image
 * application's default CNN shape (two blocks of {@code CONVS} 3×3 convolutions with 32 and 64 filters, batch norm,
 * ReLU, max-pool; dropout, dense, softmax) on random 28×28 images, by DL4J's {@code net.fit(batch)} or by the
 * compiled step. Arguments: {@code fused|stock|none NCHW|NHWC BATCH STEPS [CONVS DENSE [dl4j|compiled|compiled-libnd4j]]}.
 * Not a test; run it on the test class path.
 */
public final class CnnStepProbe {
    public static void main(String[] a) {
        io.github.reglab.core.backend.NativeSetup.configure();
        String bn = a[0]; // fused|stock|none
        CNN2DFormat f = CNN2DFormat.valueOf(a[1]);
        int batch = Integer.parseInt(a[2]);
        int steps = Integer.parseInt(a[3]);
        int convs = a.length > 4 ? Integer.parseInt(a[4]) : 2;
        int dense = a.length > 5 ? Integer.parseInt(a[5]) : 256;
        var list = new NeuralNetConfiguration.Builder().seed(1).updater(new Adam(1e-3)).weightInit(WeightInit.RELU).list();
        int filters = 32;
        for (int b = 0; b < 2; b++) {
            for (int c = 0; c < convs; c++) {
                list.layer(new ConvolutionLayer.Builder(3, 3).nOut(filters << b).padding(1, 1).dataFormat(f)
                        .activation(bn.equals("none") ? Activation.RELU : Activation.IDENTITY).build());
                if (!bn.equals("none")) {
                    list.layer(bn.equals("fused") ? FusedBatchNormalization.builder().dataFormat(f).build()
                            : new BatchNormalization.Builder().dataFormat(f).build());
                    list.layer(new ActivationLayer.Builder().activation(Activation.RELU).build());
                }
            }
            list.layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).dataFormat(f).build());
        }
        list.layer(new DropoutLayer.Builder().dropOut(0.75).build());
        list.layer(new DenseLayer.Builder().nOut(dense).activation(Activation.RELU).build());
        list.layer(new DropoutLayer.Builder().dropOut(0.75).build());
        list.layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(10).activation(Activation.SOFTMAX).build());
        list.setInputType(InputType.convolutional(28, 28, 1, f));
        MultiLayerNetwork net = new MultiLayerNetwork(list.build());
        net.init();
        long[] shape = f == CNN2DFormat.NCHW ? new long[] {batch, 1, 28, 28} : new long[] {batch, 28, 28, 1};
        DataSet[] ds = new DataSet[8];
        for (int i = 0; i < ds.length; i++) {
            INDArray y = Nd4j.zeros(DataType.FLOAT, batch, 10);
            for (int r = 0; r < batch; r++) y.putScalar(r, (r + i) % 10, 1);
            ds[i] = new DataSet(Nd4j.rand(DataType.FLOAT, shape), y);
        }
        String engine = a.length > 6 ? a[6] : "dl4j";
        io.github.reglab.core.step.CompiledStep step = engine.startsWith("compiled")
                ? io.github.reglab.core.step.CompiledStep.of(net, engine.equals("compiled-libnd4j")
                        ? io.github.reglab.core.step.BatchNormBackward.LIBND4J
                        : io.github.reglab.core.step.BatchNormBackward.COMPOSED) : null;
        java.util.function.Consumer<DataSet> fit = step != null ? step::fit : net::fit;
        for (int i = 0; i < 20; i++) fit.accept(ds[i % ds.length]);
        for (int r = 0; r < 4; r++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < steps; i++) fit.accept(ds[i % ds.length]);
            System.out.printf("%s %s convs %d batch %d %s: %.1f ms/step%n", bn, f, convs, batch, engine,
                    (System.nanoTime() - t0) / 1e6 / steps);
        }
    }
}
