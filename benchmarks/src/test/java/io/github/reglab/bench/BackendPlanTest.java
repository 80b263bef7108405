package io.github.reglab.bench;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import io.github.reglab.core.backend.CudaDevice;
import io.github.reglab.core.backend.CudaSupport;
import org.junit.jupiter.api.Test;

/**
 * The CPU-vs-CUDA runner decides before any training whether the CUDA side can run, from device descriptions
 * (simulated here): the CPU side always runs.
 */
class BackendPlanTest {

    private static final Optional<String> LIBS = Optional.of("/usr/local/cuda-11.6/lib64/libcudart.so.11.0");

    private static BackendComparison.Plan cuda(List<CudaDevice> devices, Optional<String> libs) {
        List<BackendComparison.Plan> plans = BackendComparison.plan(CudaSupport.assess(devices, libs));
        assertTrue(plans.get(0).run(), "the CPU side always runs");
        return plans.get(1);
    }

    @Test
    void noDeviceSaysSo() {
        BackendComparison.Plan p = cuda(List.of(), LIBS);
        assertFalse(p.run());
        assertTrue(p.reason().contains("no NVIDIA device or driver"), p.reason());
    }

    @Test
    void ampereSm86Runs() {
        BackendComparison.Plan p = cuda(List.of(new CudaDevice(0, "NVIDIA RTX A6000", 8, 6, 49140)), LIBS);
        assertTrue(p.run(), p.reason());
    }

    @Test
    void hopperSm90IsRejectedWithTheReason() {
        BackendComparison.Plan p = cuda(List.of(new CudaDevice(0, "NVIDIA H100 80GB HBM3", 9, 0, 81559)), LIBS);
        assertFalse(p.run());
        assertTrue(p.reason().contains("compute capability 9.0") && p.reason().contains("86"), p.reason());
    }

    @Test
    void missingCudaLibrariesAreNamed() {
        BackendComparison.Plan p = cuda(List.of(new CudaDevice(0, "Tesla T4", 7, 5, 15360)), Optional.empty());
        assertFalse(p.run());
        assertTrue(p.reason().contains("CUDA 11.6 libraries missing"), p.reason());
    }
}
