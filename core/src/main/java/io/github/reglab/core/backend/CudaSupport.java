package io.github.reglab.core.backend;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides, before any training, whether DL4J 1.0.0-M2.1's CUDA backend ({@code nd4j-cuda-11.6}) can run here,
 * and if not, says exactly why.
 *
 * <p>M2.1's {@code libnd4jcuda.so} carries cubins for {@link #CUBIN_ARCHITECTURES} (sm_37, 50, 52, 60, 61, 70,
 * 75, 80, 86) and no PTX, as {@code scripts/fatbin_archs.py} reads off the released jar. NVIDIA's rule for cubins:
 * one built for compute capability X.Y runs on devices X.Z with Z &ge; Y (same major architecture, equal or higher
 * minor); PTX would be JIT-compiled for any newer device, but there is none. So every Maxwell, Pascal, Volta,
 * Turing and Ampere device runs it, Ada (8.9: RTX 40-series, L4, L40) and Jetson Orin (8.7) run the sm_86 and sm_80
 * cubins, while Kepler below 3.7, Hopper (9.0: H100, H200) and newer cannot: ND4J would crash on the first kernel
 * launch instead of saying so. Ada follows from the rule; no one has run this project on it.
 */
public final class CudaSupport {

    /** Compute capabilities (as sm numbers) M2.1's CUDA library has cubins for, read off the released jar. */
    public static final List<Integer> CUBIN_ARCHITECTURES = List.of(37, 50, 52, 60, 61, 70, 75, 80, 86);
    /** Compute capabilities M2.1's CUDA library has PTX for: none. */
    public static final List<Integer> PTX_ARCHITECTURES = List.of();
    /** The CUDA runtime library M2.1 links against. */
    public static final String CUDART_LIBRARY = "libcudart.so.11.0";

    private static final Logger LOG = LoggerFactory.getLogger(CudaSupport.class);
    private static final long NVIDIA_SMI_TIMEOUT_SECONDS = 10;

    private CudaSupport() {
    }

    /**
     * The verdict on this machine.
     *
     * @param usable true when at least one device can run M2.1 and the CUDA 11.6 libraries are present
     * @param reason one sentence: why it is usable (which devices) or why not
     * @param devices every device found, usable or not
     */
    public record Assessment(boolean usable, String reason, List<CudaDevice> devices) {

        /**
         * Copies the device list.
         *
         * @param usable true when at least one device can run M2.1 and the CUDA 11.6 libraries are present
         * @param reason one sentence: why it is usable (which devices) or why not
         * @param devices every device found, usable or not
         */
        public Assessment {
            devices = List.copyOf(devices);
        }
    }

    /**
     * Finds the code a device would run, by NVIDIA's compatibility rules.
     *
     * @param major the device's compute capability, major part
     * @param minor the device's compute capability, minor part
     * @param cubins architectures with cubins, as sm numbers
     * @param ptx architectures with PTX, as sm numbers
     * @return {@code sm_XY} (a cubin of the same major and the highest minor &le; the device's) or
     *     {@code compute_XY} (the highest PTX at or below the device's capability), or empty when none runs
     */
    public static Optional<String> kernelFor(int major, int minor, List<Integer> cubins, List<Integer> ptx) {
        int device = major * 10 + minor;
        Optional<Integer> cubin = cubins.stream().filter(a -> a / 10 == major && a % 10 <= minor)
                .max(Integer::compare);
        if (cubin.isPresent()) {
            return Optional.of("sm_" + cubin.get());
        }
        return ptx.stream().filter(a -> a <= device).max(Integer::compare).map(a -> "compute_" + a);
    }

    /**
     * Judges a list of devices. Pure: the tests feed it simulated descriptions.
     *
     * @param devices the devices found (empty when there is no NVIDIA device or driver)
     * @param cudaLibraries where the CUDA 11.6 runtime was found, or empty when it was not
     * @return the verdict with its reason
     */
    public static Assessment assess(List<CudaDevice> devices, Optional<String> cudaLibraries) {
        if (devices.isEmpty()) {
            return new Assessment(false, "no NVIDIA device or driver found (nvidia-smi is missing or lists no GPU)",
                    devices);
        }
        List<String> usable = new ArrayList<>();
        List<String> unusable = new ArrayList<>();
        for (CudaDevice d : devices) {
            String capability = d.major() + "." + d.minor();
            Optional<String> kernel = kernelFor(d.major(), d.minor(), CUBIN_ARCHITECTURES, PTX_ARCHITECTURES);
            if (kernel.isPresent()) {
                usable.add(d.index() + ": " + d.name() + " (compute capability " + capability + ", runs the "
                        + kernel.get() + " cubins)");
            } else {
                unusable.add("device " + d.index() + " (" + d.name() + ") has compute capability " + capability);
            }
        }
        String unsupported = String.join("; ", unusable);
        if (usable.isEmpty()) {
            List<String> archs = CUBIN_ARCHITECTURES.stream().map(String::valueOf).toList();
            return new Assessment(false, unsupported + ": DL4J 1.0.0-M2.1's CUDA library has cubins for sm_"
                    + String.join(", ", archs.subList(0, archs.size() - 1)) + " and " + archs.get(archs.size() - 1)
                    + " and no PTX; a cubin runs only on the same major architecture "
                    + "with an equal or higher minor, so it cannot run on "
                    + (devices.size() == 1 ? "this device" : "these devices")
                    + " (Kepler below 3.7, Hopper GPUs such as H100/H200 and newer are not supported)", devices);
        }
        if (cudaLibraries.isEmpty()) {
            return new Assessment(false, "CUDA 11.6 libraries missing: " + CUDART_LIBRARY
                    + " is not on LD_LIBRARY_PATH, in /usr/local/cuda*/lib64, nor in org.bytedeco:cuda's redist jar "
                    + "(install the CUDA 11.6 toolkit, or add org.bytedeco:cuda:11.6-8.3-1.5.7 with classifier "
                    + "linux-x86_64-redist)", devices);
        }
        String names = String.join(", ", usable);
        return new Assessment(true, "usable device(s) " + names + "; CUDA runtime at " + cudaLibraries.get()
                + (unusable.isEmpty() ? "" : "; not usable: " + unsupported), devices);
    }

    /**
     * Looks at this machine: asks {@code nvidia-smi} for the devices and searches for the CUDA runtime.
     *
     * @return the verdict
     */
    public static Assessment probe() {
        return assess(probeDevices(), findCudaRuntime());
    }

    /**
     * Returns the devices {@code nvidia-smi} lists.
     *
     * @return the devices {@code nvidia-smi} lists, or an empty list when it is missing or fails
     */
    public static List<CudaDevice> probeDevices() {
        ProcessBuilder pb = new ProcessBuilder("nvidia-smi",
                "--query-gpu=index,name,compute_cap,memory.total", "--format=csv,noheader,nounits");
        pb.redirectErrorStream(true);
        try {
            Process p = pb.start();
            byte[] out;
            try (InputStream in = p.getInputStream()) {
                out = in.readAllBytes();
            }
            if (!p.waitFor(NVIDIA_SMI_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                LOG.warn("nvidia-smi did not answer within {} s; treating this machine as having no GPU",
                        NVIDIA_SMI_TIMEOUT_SECONDS);
                return List.of();
            }
            String text = new String(out, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                LOG.info("nvidia-smi exited with {}: {}", p.exitValue(), text.trim());
                return List.of();
            }
            return CudaDevice.parseNvidiaSmi(text);
        } catch (IOException e) {
            LOG.debug("nvidia-smi not available: {}", e.getMessage());
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        } catch (IllegalArgumentException e) {
            LOG.warn("Could not read nvidia-smi's answer (an old driver may lack compute_cap): {}", e.getMessage());
            return List.of();
        }
    }

    /**
     * Returns where the CUDA 11.6 runtime library was found.
     *
     * @return where the CUDA 11.6 runtime library was found, or empty
     */
    public static Optional<String> findCudaRuntime() {
        List<Path> dirs = new ArrayList<>();
        String ld = System.getenv("LD_LIBRARY_PATH");
        if (ld != null) {
            for (String d : ld.split(java.io.File.pathSeparator)) {
                if (!d.isBlank()) {
                    dirs.add(Path.of(d));
                }
            }
        }
        dirs.add(Path.of("/usr/local/cuda-11.6/lib64"));
        dirs.add(Path.of("/usr/local/cuda/lib64"));
        dirs.add(Path.of("/usr/lib/x86_64-linux-gnu"));
        for (Path d : dirs) {
            Path lib = d.resolve(CUDART_LIBRARY);
            if (Files.isRegularFile(lib)) {
                return Optional.of(lib.toString());
            }
        }
        String platform = NativeSetup.javacppPlatform(System.getProperty("os.name"), System.getProperty("os.arch"));
        if (platform != null) {
            var redist = CudaSupport.class.getClassLoader()
                    .getResource("org/bytedeco/cuda/" + platform + "/" + CUDART_LIBRARY);
            if (redist != null) {
                return Optional.of(redist.toString());
            }
        }
        return Optional.empty();
    }
}
