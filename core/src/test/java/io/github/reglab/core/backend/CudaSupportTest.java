package io.github.reglab.core.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** The CUDA verdict on simulated device descriptions (no GPU is needed). */
class CudaSupportTest {

    private static final Optional<String> LIBS = Optional.of("/usr/local/cuda-11.6/lib64/libcudart.so.11.0");

    @Test
    void noDevice() {
        CudaSupport.Assessment a = CudaSupport.assess(List.of(), LIBS);
        assertFalse(a.usable());
        assertTrue(a.reason().contains("no NVIDIA device or driver"), a.reason());
    }

    @Test
    void ampereSm86IsUsable() {
        List<CudaDevice> d = CudaDevice.parseNvidiaSmi("0, NVIDIA GeForce RTX 3090, 8.6, 24576\n");
        CudaSupport.Assessment a = CudaSupport.assess(d, LIBS);
        assertTrue(a.usable(), a.reason());
        assertTrue(a.reason().contains("sm_86"), a.reason());
    }

    /** Ada (8.9) has no cubin of its own; it runs the sm_86 cubin (same major 8, 6 &le; 9). */
    @Test
    void adaSm89RunsTheSm86Cubins() {
        List<CudaDevice> d = CudaDevice.parseNvidiaSmi("0, NVIDIA L4, 8.9, 23034\n");
        CudaSupport.Assessment a = CudaSupport.assess(d, LIBS);
        assertTrue(a.usable(), a.reason());
        assertTrue(a.reason().contains("compute capability 8.9, runs the sm_86 cubins"), a.reason());
    }

    /**
     * NVIDIA's rule, case by case against the released cubin list: same major, highest minor not above the
     * device's; no PTX, so nothing crosses a major architecture.
     */
    @Test
    void compatibilityRuleCaseByCase() {
        List<Integer> cubins = CudaSupport.CUBIN_ARCHITECTURES;
        List<Integer> none = CudaSupport.PTX_ARCHITECTURES;
        assertEquals(Optional.of("sm_86"), CudaSupport.kernelFor(8, 6, cubins, none));
        assertEquals(Optional.of("sm_86"), CudaSupport.kernelFor(8, 7, cubins, none)); // Orin (but see platforms)
        assertEquals(Optional.of("sm_86"), CudaSupport.kernelFor(8, 9, cubins, none)); // Ada
        assertEquals(Optional.of("sm_80"), CudaSupport.kernelFor(8, 0, cubins, none)); // A100
        assertEquals(Optional.of("sm_70"), CudaSupport.kernelFor(7, 2, cubins, none)); // Xavier: no sm_72 cubin
        assertEquals(Optional.of("sm_52"), CudaSupport.kernelFor(5, 3, cubins, none)); // Jetson TX1
        assertEquals(Optional.of("sm_37"), CudaSupport.kernelFor(3, 7, cubins, none));
        assertEquals(Optional.empty(), CudaSupport.kernelFor(3, 5, cubins, none));    // sm_37 is above 3.5
        assertEquals(Optional.empty(), CudaSupport.kernelFor(9, 0, cubins, none));    // Hopper
        assertEquals(Optional.empty(), CudaSupport.kernelFor(12, 0, cubins, none));   // Blackwell consumer
        // with PTX the JIT would cover newer majors: compute_86 PTX runs on 9.0
        assertEquals(Optional.of("compute_86"), CudaSupport.kernelFor(9, 0, List.of(), List.of(80, 86)));
        assertEquals(Optional.empty(), CudaSupport.kernelFor(7, 5, List.of(), List.of(80)));
    }

    @Test
    void hopperSm90IsRejectedWithTheReason() {
        List<CudaDevice> d = CudaDevice.parseNvidiaSmi("0, NVIDIA H100 80GB HBM3, 9.0, 81559\n");
        CudaSupport.Assessment a = CudaSupport.assess(d, LIBS);
        assertFalse(a.usable());
        assertTrue(a.reason().contains("compute capability 9.0"), a.reason());
        assertTrue(a.reason().contains("cubins for sm_37, 50, 52, 60, 61, 70, 75, 80 and 86"), a.reason());
        assertTrue(a.reason().contains("H100"), a.reason());
    }

    @Test
    void mixedMachineUsesTheSupportedDeviceAndNamesTheOther() {
        List<CudaDevice> d = CudaDevice.parseNvidiaSmi(
                "0, NVIDIA H100 80GB HBM3, 9.0, 81559\n1, NVIDIA A100-SXM4-40GB, 8.0, 40960\n");
        CudaSupport.Assessment a = CudaSupport.assess(d, LIBS);
        assertTrue(a.usable(), a.reason());
        assertTrue(a.reason().contains("1: NVIDIA A100") && a.reason().contains("not usable: device 0"), a.reason());
    }

    @Test
    void missingLibrariesAreNamed() {
        List<CudaDevice> d = List.of(new CudaDevice(0, "Tesla T4", 7, 5, 15360));
        CudaSupport.Assessment a = CudaSupport.assess(d, Optional.empty());
        assertFalse(a.usable());
        assertTrue(a.reason().contains("CUDA 11.6 libraries missing"), a.reason());
    }

    /** M2.1 publishes nd4j-cuda-11.6 for linux-x86_64 and windows-x86_64 only: a Jetson Orin (linux-arm64) or a Mac
     * is refused for its platform, whatever its device. */
    @Test
    void platformsWithoutCudaNativesAreRefused() {
        List<CudaDevice> orin = List.of(new CudaDevice(0, "Orin", 8, 7, 30000));
        CudaSupport.Assessment a = CudaSupport.assess("linux-arm64", orin, LIBS);
        assertFalse(a.usable());
        assertTrue(a.reason().contains("linux-x86_64 and windows-x86_64 only, and this is linux-arm64"), a.reason());
        assertFalse(CudaSupport.assess("macosx-arm64", List.of(), LIBS).usable());
        assertFalse(CudaSupport.assess(null, List.of(), LIBS).usable());
        assertTrue(CudaSupport.assess("windows-x86_64", orin, Optional.of("C:\\cuda\\cudart64_110.dll")).usable());
    }

    /** Each OS has its own runtime file name; the missing-library message names the right one and where to look. */
    @Test
    void runtimeLibraryIsNamedPerOperatingSystem() {
        assertEquals(Optional.of("libcudart.so.11.0"), CudaSupport.runtimeLibrary("linux-x86_64"));
        assertEquals(Optional.of("cudart64_110.dll"), CudaSupport.runtimeLibrary("windows-x86_64"));
        assertEquals(Optional.empty(), CudaSupport.runtimeLibrary("macosx-x86_64"));
        List<CudaDevice> t4 = List.of(new CudaDevice(0, "Tesla T4", 7, 5, 15360));
        String windows = CudaSupport.assess("windows-x86_64", t4, Optional.empty()).reason();
        assertTrue(windows.contains("cudart64_110.dll is not on PATH"), windows);
        assertTrue(windows.contains("windows-x86_64-redist"), windows);
        String linux = CudaSupport.assess("linux-x86_64", t4, Optional.empty()).reason();
        assertTrue(linux.contains("libcudart.so.11.0 is not on LD_LIBRARY_PATH"), linux);
    }

    /**
     * CUDA 11.x code runs on drivers from 450.80.02 (Linux) and 452.39 (Windows) on; an older one is named with the
     * minimum. Versions compare field by field: 450.80.02 &lt; 450.102.04 although "80" &gt; "102" as text.
     */
    @Test
    void driverTooOldForCuda11IsNamed() {
        List<CudaDevice> old = CudaDevice.parseNvidiaSmi("0, Tesla T4, 7.5, 15360, 418.87.01\n");
        CudaSupport.Assessment a = CudaSupport.assess("linux-x86_64", old, LIBS);
        assertFalse(a.usable());
        assertTrue(a.reason().contains("driver 418.87.01 is too old") && a.reason().contains("450.80.02"),
                a.reason());
        List<CudaDevice> ok = CudaDevice.parseNvidiaSmi("0, Tesla T4, 7.5, 15360, 450.102.04\n");
        assertTrue(CudaSupport.assess("linux-x86_64", ok, LIBS).usable());
        List<CudaDevice> win = CudaDevice.parseNvidiaSmi("0, RTX 3080, 8.6, 10240, 452.06\n");
        assertTrue(CudaSupport.assess("windows-x86_64", win, LIBS).reason().contains("needs 452.39"));
        assertTrue(CudaSupport.compareVersions("450.80.02", "450.102.04") < 0);
        assertEquals(0, CudaSupport.compareVersions("452.39", "452.39.0"));
    }

    @Test
    void oldKeplerBelowSm37IsRejected() {
        CudaSupport.Assessment a = CudaSupport.assess(List.of(new CudaDevice(0, "GTX 780", 3, 5, 3072)), LIBS);
        assertFalse(a.usable());
    }

    @Test
    void parsesAndRejectsMalformedLines() {
        assertEquals(86, CudaDevice.parseNvidiaSmi("0, X, 8.6, 1").get(0).smVersion());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CudaDevice.parseNvidiaSmi("0, NVIDIA X, [N/A], 100"));
        assertTrue(e.getMessage().contains("line 1"), e.getMessage());
    }
}
