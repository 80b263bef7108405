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
 * and if not, says exactly why: a platform M2.1 publishes no CUDA natives for, no NVIDIA device or driver, a driver
 * too old for CUDA 11.x, a device whose architecture M2.1 has no kernels for, or missing CUDA 11.6 libraries.
 *
 * <p>Platforms: M2.1 publishes {@code nd4j-cuda-11.6} natives for {@link #CUDA_PLATFORMS} only (each with and
 * without cuDNN, classifiers {@code <platform>} and {@code <platform>-cudnn}); there are none for linux-arm64
 * (Jetson boards) or macOS.
 *
 * <p>Devices: M2.1's CUDA library carries cubins for {@link #CUBIN_ARCHITECTURES} (sm_37, 50, 52, 60, 61, 70, 75,
 * 80, 86) and no PTX, as {@code scripts/fatbin_archs.py} reads off the released jar. NVIDIA's rule for cubins: one
 * built for compute capability X.Y runs on devices X.Z with Z &ge; Y (same major architecture, equal or higher
 * minor); PTX would be JIT-compiled for any newer device, but there is none. So every Maxwell, Pascal, Volta, Turing
 * and Ampere device runs it, and Ada (8.9: RTX 40-series, L4, L40) runs the sm_86 cubins, while Kepler below 3.7,
 * Hopper (9.0: H100, H200) and newer cannot: ND4J would crash on the first kernel launch instead of saying so. Ada
 * follows from the rule; no one has run this project on it.
 *
 * <p>Driver: code built with CUDA 11.x runs on any driver of the 11.x family's minimum by NVIDIA's minor-version
 * compatibility ({@value #MIN_DRIVER_LINUX} on Linux, {@value #MIN_DRIVER_WINDOWS} on Windows); M2.1 ships no PTX,
 * so nothing it runs needs the newer driver of the 11.6 release itself.
 */
public final class CudaSupport {

    /** Compute capabilities (as sm numbers) M2.1's CUDA library has cubins for, read off the released jar. */
    public static final List<Integer> CUBIN_ARCHITECTURES = List.of(37, 50, 52, 60, 61, 70, 75, 80, 86);
    /** Compute capabilities M2.1's CUDA library has PTX for: none. */
    public static final List<Integer> PTX_ARCHITECTURES = List.of();
    /** The JavaCPP platforms M2.1 publishes {@code nd4j-cuda-11.6} natives for (checked on Maven Central). */
    public static final List<String> CUDA_PLATFORMS = List.of("linux-x86_64", "windows-x86_64");
    /** The CUDA runtime library M2.1 links against on Linux. */
    public static final String CUDART_LIBRARY = "libcudart.so.11.0";
    /** The CUDA runtime library M2.1 links against on Windows. */
    public static final String CUDART_LIBRARY_WINDOWS = "cudart64_110.dll";
    /** The oldest Linux driver that runs CUDA 11.x code (NVIDIA's minor-version compatibility). */
    public static final String MIN_DRIVER_LINUX = "450.80.02";
    /** The oldest Windows driver that runs CUDA 11.x code (NVIDIA's minor-version compatibility). */
    public static final String MIN_DRIVER_WINDOWS = "452.39";

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
     * Returns the name of the CUDA 11.x runtime library M2.1 loads on a platform.
     *
     * @param platform a JavaCPP platform name, e.g. {@code linux-x86_64}
     * @return {@value #CUDART_LIBRARY} on Linux, {@value #CUDART_LIBRARY_WINDOWS} on Windows, or empty where M2.1 has
     *     no CUDA build
     */
    public static Optional<String> runtimeLibrary(String platform) {
        if (platform == null || !CUDA_PLATFORMS.contains(platform)) {
            return Optional.empty();
        }
        return Optional.of(platform.startsWith("windows") ? CUDART_LIBRARY_WINDOWS : CUDART_LIBRARY);
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
     * Judges a list of devices on Linux x86-64 with a driver recent enough. Pure: the tests feed it simulated
     * descriptions.
     *
     * @param devices the devices found (empty when there is no NVIDIA device or driver)
     * @param cudaLibraries where the CUDA 11.6 runtime was found, or empty when it was not
     * @return the verdict with its reason
     */
    public static Assessment assess(List<CudaDevice> devices, Optional<String> cudaLibraries) {
        return assess("linux-x86_64", devices, cudaLibraries);
    }

    /**
     * Judges a platform and its devices. Pure: the tests feed it simulated descriptions.
     *
     * @param platform the JavaCPP platform, e.g. {@code linux-x86_64} (null when ND4J has no natives for it)
     * @param devices the devices found (empty when there is no NVIDIA device or driver); each carries the driver
     *     version when {@code nvidia-smi} reported it
     * @param cudaLibraries where the CUDA 11.6 runtime was found, or empty when it was not
     * @return the verdict with its reason
     */
    public static Assessment assess(String platform, List<CudaDevice> devices, Optional<String> cudaLibraries) {
        if (platform == null || !CUDA_PLATFORMS.contains(platform)) {
            return new Assessment(false, "DL4J 1.0.0-M2.1 publishes CUDA natives (nd4j-cuda-11.6) for "
                    + String.join(" and ", CUDA_PLATFORMS) + " only, and this is "
                    + (platform == null ? "another platform" : platform), devices);
        }
        if (devices.isEmpty()) {
            return new Assessment(false, "no NVIDIA device or driver found (nvidia-smi is missing or lists no GPU)",
                    devices);
        }
        String minimum = platform.startsWith("windows") ? MIN_DRIVER_WINDOWS : MIN_DRIVER_LINUX;
        String driver = devices.get(0).driverVersion();
        if (driver != null && compareVersions(driver, minimum) < 0) {
            return new Assessment(false, "NVIDIA driver " + driver + " is too old for CUDA 11.6: DL4J 1.0.0-M2.1 "
                    + "needs " + minimum + " or newer on " + platform + " (update the driver)", devices);
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
            String lib = runtimeLibrary(platform).orElseThrow();
            return new Assessment(false, "CUDA 11.6 libraries missing: " + lib + " is not "
                    + (platform.startsWith("windows") ? "on PATH nor in %CUDA_PATH%\\bin" : "on LD_LIBRARY_PATH nor in "
                    + "/usr/local/cuda*/lib64") + ", nor in org.bytedeco:cuda's redist jar (install the CUDA 11.6 "
                    + "toolkit, or add org.bytedeco:cuda:11.6-8.3-1.5.7 with classifier " + platform + "-redist; "
                    + "./suite --backend cuda adds it)", devices);
        }
        String names = String.join(", ", usable);
        return new Assessment(true, "usable device(s) " + names + "; CUDA runtime at " + cudaLibraries.get()
                + (driver == null ? "" : "; driver " + driver)
                + (unusable.isEmpty() ? "" : "; not usable: " + unsupported), devices);
    }

    /**
     * Compares dotted version numbers field by field ({@code 450.80.02} &lt; {@code 535.104.05}).
     *
     * @param a a version such as {@code 535.104.05}
     * @param b another
     * @return negative, zero or positive as a is older than, equal to or newer than b
     */
    static int compareVersions(String a, String b) {
        String[] x = a.trim().split("\\.");
        String[] y = b.trim().split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            long p = i < x.length ? parseField(x[i]) : 0;
            long q = i < y.length ? parseField(y[i]) : 0;
            if (p != q) {
                return Long.compare(p, q);
            }
        }
        return 0;
    }

    private static long parseField(String f) {
        String digits = f.replaceAll("[^0-9].*$", "");
        return digits.isEmpty() ? 0 : Long.parseLong(digits);
    }

    /**
     * Looks at this machine: asks {@code nvidia-smi} for the devices and searches for the CUDA runtime.
     *
     * @return the verdict
     */
    public static Assessment probe() {
        String platform = NativeSetup.javacppPlatform(System.getProperty("os.name"), System.getProperty("os.arch"));
        if (platform == null || !CUDA_PLATFORMS.contains(platform)) {
            return assess(platform, List.of(), Optional.empty());
        }
        return assess(platform, probeDevices(), findCudaRuntime(platform));
    }

    /**
     * Returns the devices {@code nvidia-smi} lists.
     *
     * @return the devices {@code nvidia-smi} lists, or an empty list when it is missing or fails
     */
    public static List<CudaDevice> probeDevices() {
        ProcessBuilder pb = new ProcessBuilder("nvidia-smi",
                "--query-gpu=index,name,compute_cap,memory.total,driver_version", "--format=csv,noheader,nounits");
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
            LOG.warn("Could not read nvidia-smi's answer (drivers before 510 cannot report compute_cap): {}",
                    e.getMessage());
            return List.of();
        }
    }

    /**
     * Returns where the CUDA 11.6 runtime library was found on this machine.
     *
     * @return where the CUDA 11.6 runtime library was found, or empty
     */
    public static Optional<String> findCudaRuntime() {
        return findCudaRuntime(NativeSetup.javacppPlatform(System.getProperty("os.name"),
                System.getProperty("os.arch")));
    }

    /**
     * Returns where the CUDA 11.6 runtime library of a platform was found: the library search path
     * ({@code LD_LIBRARY_PATH} on Linux, {@code PATH} on Windows), the toolkit's default folders, then JavaCPP's
     * redist jar on the class path.
     *
     * @param platform the JavaCPP platform
     * @return where the CUDA 11.6 runtime library was found, or empty (also where M2.1 has no CUDA build)
     */
    static Optional<String> findCudaRuntime(String platform) {
        Optional<String> name = runtimeLibrary(platform);
        if (name.isEmpty()) {
            return Optional.empty();
        }
        boolean windows = platform.startsWith("windows");
        List<Path> dirs = new ArrayList<>();
        String search = System.getenv(windows ? "PATH" : "LD_LIBRARY_PATH");
        if (search != null) {
            for (String d : search.split(java.io.File.pathSeparator)) {
                if (!d.isBlank()) {
                    dirs.add(Path.of(d));
                }
            }
        }
        if (windows) {
            String cudaPath = System.getenv("CUDA_PATH");
            if (cudaPath != null && !cudaPath.isBlank()) {
                dirs.add(Path.of(cudaPath, "bin"));
            }
            dirs.add(Path.of("C:\\Program Files\\NVIDIA GPU Computing Toolkit\\CUDA\\v11.6\\bin"));
        } else {
            dirs.add(Path.of("/usr/local/cuda-11.6/lib64"));
            dirs.add(Path.of("/usr/local/cuda/lib64"));
            dirs.add(Path.of("/usr/lib/x86_64-linux-gnu"));
        }
        for (Path d : dirs) {
            Path lib = d.resolve(name.get());
            if (Files.isRegularFile(lib)) {
                return Optional.of(lib.toString());
            }
        }
        var redist = CudaSupport.class.getClassLoader().getResource("org/bytedeco/cuda/" + platform + "/"
                + name.get());
        return redist == null ? Optional.empty() : Optional.of(redist.toString());
    }
}
