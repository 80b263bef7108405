package io.github.reglab.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.junit.jupiter.api.Test;

class FlopsTest {

    /**
     * Hand calculation for a 4×4×1 input: conv 3×3, 2 filters, padding 1 → 4×4×2: 2·(3·3·1·2)·(4·4) = 576;
     * batch norm and max-pool 2×2 (→ 2×2×2 = 8 values) count 0; dense 8 → 3: 2·8·3 = 48; output 3 → 2:
     * 2·3·2 = 12.
     * Forward 636 per example; training 3 × 636.
     */
    @Test
    void countsDenseAndConvolutionMultiplyAddsOfATinyModel() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(1).list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(2).padding(1, 1).build())
                .layer(new BatchNormalization.Builder().build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2)
                        .build())
                .layer(new DenseLayer.Builder().nOut(3).build())
                .layer(new OutputLayer.Builder().nOut(2).build())
                .setInputType(InputType.convolutionalFlat(4, 4, 1)).build();
        List<Flops.LayerFlops> layers = Flops.perLayer(conf, InputType.convolutionalFlat(4, 4, 1));
        assertEquals(List.of(576L, 0L, 0L, 48L, 12L), layers.stream().map(Flops.LayerFlops::forward).toList());
        assertEquals(636, Flops.forward(conf, InputType.convolutionalFlat(4, 4, 1)));
        assertEquals(3 * 636, Flops.TRAINING_FACTOR * Flops.forward(conf, InputType.convolutionalFlat(4, 4, 1)));
    }

    /** The fraud MLP: 2·30·64 + 2·64·2 = 4096 forward FLOPs per example. */
    @Test
    void countsTheFraudNetwork() {
        assertEquals(2 * 30 * 64 + 2 * 64 * 2, Flops.forward(Workload.MLP.network(1, false), Workload.MLP.inputType()));
    }

    /** Peak = cores × GHz × lanes × 2 × FMA units, from the CPU flags. */
    @Test
    void peakFromCoresClockAndVectorWidth() {
        assertEquals(2 * 2.0e9 * 8 * 2 * 2, Machine.of(2, 2.0, "sse4_2 avx avx2 fma", "x").peakFlops(), 1);
        assertEquals(2 * 2.0e9 * 16 * 2 * 2, Machine.of(2, 2.0, "avx2 fma avx512f avx512bw", "x").peakFlops(), 1);
        assertEquals(4 * 3.0e9 * 4 * 2 * 1, Machine.of(4, 3.0, "sse sse2", "x").peakFlops(), 1);
        assertEquals("AVX2", Machine.of(1, 1, "avx2 fma", "x").vectorIsa());
    }
}
