package io.github.reglab.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.reglab.core.backend.CudaSupport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * For users with a supported GPU ({@code mvn -B verify -Pgpu -pl benchmarks -am}): the CUDA backend trains the fraud
 * MLP, in its own JVM, to the same validation average precision as the CPU backend within 0.02, and its first epoch's
 * is within 0.05. Fails (not skips) with the detection's reason where CUDA cannot run.
 */
@Tag("gpu")
class CudaTrainingGpuTest {

    @Test
    void cudaTrainsTheFraudMlpToTheCpuMetrics(@TempDir Path tmp) throws Exception {
        CudaSupport.Assessment a = CudaSupport.probe();
        assertTrue(a.usable(), "CUDA cannot run here: " + a.reason());
        BenchData[] d = Workload.MLP.data(40_000, 20_000, 5);
        d[0].write(tmp, "mlp-train");
        d[1].write(tmp, "mlp-validation");
        Path root = Path.of(System.getProperty("reglab.root", "..")).toAbsolutePath().normalize();
        String cudaCp = BackendComparison.cudaJvmClasspath(root,
                root.resolve(BackendComparison.CUDA_CLASSPATH_FILE));
        List<String> args = List.of("--workload", "mlp", "--data", tmp.toString(), "--epochs", "4", "--batch-size",
                "256");
        JsonNode cpu = ChildRun.run(ChildRun.javaWorker(System.getProperty("java.class.path"), "2g", args), 1,
                tmp.resolve("cpu.log"), 30);
        JsonNode gpu = ChildRun.run(ChildRun.javaWorker(cudaCp, "2g", args), 1, tmp.resolve("cuda.log"), 30);
        assertEquals("CUDA", gpu.path("backend").asText().toUpperCase(java.util.Locale.ROOT));
        double cpuAp = cpu.path("curve").path(3).asDouble();
        double gpuAp = gpu.path("curve").path(3).asDouble();
        assertEquals(cpuAp, gpuAp, 0.02, "final validation average precision, CPU vs CUDA");
        assertEquals(cpu.path("curve").path(0).asDouble(), gpu.path("curve").path(0).asDouble(), 0.05);
    }
}
