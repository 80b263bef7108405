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
 * <p>M2.1's CUDA kernels are compiled for compute capabilities {@value #MIN_SM} to {@value #MAX_SM} (sm_37 to
 * sm_86) with no PTX fallback, so Hopper (sm_90: H100, H200) and newer GPUs cannot run it: ND4J would crash on
 * the first kernel launch instead of saying so.
 */
public final class CudaSupport {

    /** Lowest compute capability M2.1's CUDA build has kernels for (3.7, Kepler K80). */
    public static final int MIN_SM = 37;
    /** Highest compute capability M2.1's CUDA build has kernels for (8.6, Ampere GA10x). */
    public static final int MAX_SM = 86;
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
        List<CudaDevice> supported = new ArrayList<>();
        StringBuilder unsupported = new StringBuilder();
        for (CudaDevice d : devices) {
            if (d.smVersion() >= MIN_SM && d.smVersion() <= MAX_SM) {
                supported.add(d);
            } else {
                if (unsupported.length() > 0) {
                    unsupported.append("; ");
                }
                unsupported.append("device ").append(d.index()).append(" (").append(d.name())
                        .append(") has compute capability ").append(d.major()).append('.').append(d.minor());
            }
        }
        if (supported.isEmpty()) {
            return new Assessment(false, unsupported + ": DL4J 1.0.0-M2.1's CUDA kernels cover compute capability "
                    + "3.7 to 8.6 (sm_37 to sm_86) with no PTX fallback, so it cannot run on "
                    + (devices.size() == 1 ? "this device" : "these devices")
                    + " (Hopper GPUs such as H100/H200 and newer are not supported)", devices);
        }
        if (cudaLibraries.isEmpty()) {
            return new Assessment(false, "CUDA 11.6 libraries missing: " + CUDART_LIBRARY
                    + " is not on LD_LIBRARY_PATH, in /usr/local/cuda*/lib64, nor in org.bytedeco:cuda's redist jar "
                    + "(install the CUDA 11.6 toolkit, or add org.bytedeco:cuda:11.6-8.3-1.5.7 with classifier "
                    + "linux-x86_64-redist)", devices);
        }
        StringBuilder names = new StringBuilder();
        for (CudaDevice d : supported) {
            if (names.length() > 0) {
                names.append(", ");
            }
            names.append(d.index()).append(": ").append(d.name()).append(" (sm_").append(d.smVersion()).append(')');
        }
        return new Assessment(true, "usable device(s) " + names + "; CUDA runtime at " + cudaLibraries.get()
                + (unsupported.length() > 0 ? "; not usable: " + unsupported : ""), devices);
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
