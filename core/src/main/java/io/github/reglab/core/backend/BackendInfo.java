package io.github.reglab.core.backend;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A description of the ND4J backend this JVM runs, for the start-of-run log line and every manifest.
 *
 * @param backend ND4J's backend name ({@code CPU} or {@code CUDA})
 * @param nativeLibrary the path of the libnd4j JNI library JavaCPP loaded (shows the variant, e.g.
 *     {@code linux-x86_64-onednn}), or {@code unknown}
 * @param onednn true when the loaded libnd4j uses oneDNN
 * @param dl4jHelpers true when DL4J hands layers to platform helpers (oneDNN on CPU, cuDNN on CUDA)
 * @param blasVendor the BLAS library ND4J uses (e.g. {@code OPENBLAS})
 * @param ompThreads OpenMP threads libnd4j uses
 * @param availableProcessors what the JVM reports
 * @param cpuModel the CPU's model name, or {@code unknown}
 * @param cpuFeatures vector extensions the CPU reports that matter for libnd4j/oneDNN (e.g. {@code avx2},
 *     {@code avx512f})
 * @param defaultDataType ND4J's default floating-point type
 * @param maxHeapBytes the JVM's maximum heap
 * @param maxOffHeapBytes JavaCPP's off-heap limit, or -1 when unset
 * @param maxPhysicalBytes JavaCPP's limit of the process's resident memory, or -1 when unset
 * @param cudaDevices the devices the backend sees (empty on CPU)
 * @param environment every other key ND4J's environment information reports, as text
 */
public record BackendInfo(String backend, String nativeLibrary, boolean onednn, boolean dl4jHelpers,
        String blasVendor, int ompThreads, int availableProcessors, String cpuModel, List<String> cpuFeatures,
        String defaultDataType, long maxHeapBytes, long maxOffHeapBytes, long maxPhysicalBytes,
        List<Map<String, String>> cudaDevices, Map<String, String> environment) {

    /** CPU flags (as /proc/cpuinfo names them) worth reporting. */
    static final Set<String> INTERESTING_CPU_FLAGS = Set.of("sse4_2", "avx", "avx2", "fma", "f16c", "avx512f",
            "avx512bw", "avx512vl", "avx512_vnni", "avx512_bf16", "amx_tile", "amx_bf16");

    private static final Logger LOG = LoggerFactory.getLogger(BackendInfo.class);

    /**
     * Copies the collections.
     *
     * @param backend ND4J's backend name ({@code CPU} or {@code CUDA})
     * @param nativeLibrary the path of the libnd4j JNI library JavaCPP loaded (shows the variant, e.g. {@code
     *     linux-x86_64-onednn}), or {@code unknown}
     * @param onednn true when the loaded libnd4j uses oneDNN
     * @param dl4jHelpers true when DL4J hands layers to platform helpers (oneDNN on CPU, cuDNN on CUDA)
     * @param blasVendor the BLAS library ND4J uses (e.g. {@code OPENBLAS})
     * @param ompThreads OpenMP threads libnd4j uses
     * @param availableProcessors what the JVM reports
     * @param cpuModel the CPU's model name, or {@code unknown}
     * @param cpuFeatures vector extensions the CPU reports that matter for libnd4j/oneDNN (e.g. {@code avx2}, {@code
     *     avx512f})
     * @param defaultDataType ND4J's default floating-point type
     * @param maxHeapBytes the JVM's maximum heap
     * @param maxOffHeapBytes JavaCPP's off-heap limit, or -1 when unset
     * @param maxPhysicalBytes JavaCPP's limit of the process's resident memory, or -1 when unset
     * @param cudaDevices the devices the backend sees (empty on CPU)
     * @param environment every other key ND4J's environment information reports, as text
     */
    public BackendInfo {
        cpuFeatures = List.copyOf(cpuFeatures);
        cudaDevices = List.copyOf(cudaDevices);
        environment = Map.copyOf(environment);
    }

    /**
     * Starts ND4J if it is not running yet and describes it. Call {@link NativeSetup#configure()} before.
     *
     * @return the description
     */
    public static BackendInfo detect() {
        Properties env = Nd4j.getExecutioner().getEnvironmentInformation();
        String backend = String.valueOf(env.getOrDefault("backend", "unknown"));
        boolean cpu = "CPU".equalsIgnoreCase(backend);
        boolean onednn = cpu && org.nd4j.nativeblas.Nd4jCpu.Environment.getInstance().isUseMKLDNN();
        boolean helpers = !Boolean.parseBoolean(System.getProperty(NativeSetup.HELPERS_DISABLE_PROPERTY, "true"))
                && Nd4j.getEnvironment().helpersAllowed();
        List<Map<String, String>> devices = new ArrayList<>();
        Object devInfo = env.get("cuda.devicesInformation");
        if (devInfo instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof Map<?, ?> m) {
                    Map<String, String> d = new TreeMap<>();
                    m.forEach((k, v) -> d.put(String.valueOf(k), String.valueOf(v)));
                    devices.add(d);
                }
            }
        }
        Map<String, String> rest = new TreeMap<>();
        env.forEach((k, v) -> {
            if (!"cuda.devicesInformation".equals(k)) {
                rest.put(String.valueOf(k), String.valueOf(v));
            }
        });
        String[] cpuInfo = readCpuInfo(Path.of("/proc/cpuinfo"));
        return new BackendInfo(backend, loadedNd4jLibrary(), onednn, helpers,
                String.valueOf(Nd4j.factory().blas().getBlasVendor()),
                parseInt(env.get("omp.threads")), Runtime.getRuntime().availableProcessors(),
                cpuInfo[0], parseCpuFlags(cpuInfo[1]), String.valueOf(Nd4j.dataType()),
                Runtime.getRuntime().maxMemory(), parseLong(System.getProperty(NativeSetup.MAX_BYTES_PROPERTY)),
                parseLong(System.getProperty(NativeSetup.MAX_PHYSICAL_BYTES_PROPERTY)), devices, rest);
    }

    /**
     * Returns one line for the start-of-run log.
     *
     * @return one line for the start-of-run log
     */
    public String summary() {
        return String.format(Locale.ROOT, "backend=%s natives=%s oneDNN=%s dl4jHelpers=%s blas=%s ompThreads=%d "
                + "cores=%d cpu='%s' features=%s heap=%dMiB offHeapLimit=%s physicalLimit=%s cudaDevices=%d",
                backend, shortLibraryName(), onednn, dl4jHelpers, blasVendor, ompThreads, availableProcessors,
                cpuModel, cpuFeatures, maxHeapBytes >> 20, mib(maxOffHeapBytes), mib(maxPhysicalBytes),
                cudaDevices.size());
    }

    private String shortLibraryName() {
        Path p = Path.of(nativeLibrary);
        return p.getParent() == null ? nativeLibrary : p.getParent().getFileName() + "/" + p.getFileName();
    }

    private static String mib(long bytes) {
        return bytes < 0 ? "unset" : bytes == 0 ? "none" : (bytes >> 20) + "MiB";
    }

    /**
     * Keeps the CPU flags worth reporting, in a stable order.
     *
     * @param flagsLine the {@code flags} line of /proc/cpuinfo (without the key), or empty
     * @return the interesting flags present, sorted
     */
    static List<String> parseCpuFlags(String flagsLine) {
        List<String> found = new ArrayList<>();
        for (String f : flagsLine.trim().split("\\s+")) {
            if (INTERESTING_CPU_FLAGS.contains(f)) {
                found.add(f);
            }
        }
        found.sort(null);
        return found;
    }

    private static String[] readCpuInfo(Path file) {
        String model = "unknown";
        String flags = "";
        if (Files.isReadable(file)) {
            try {
                for (String line : Files.readAllLines(file)) {
                    int colon = line.indexOf(':');
                    if (colon < 0) {
                        continue;
                    }
                    String key = line.substring(0, colon).trim();
                    if ("model name".equals(key) && "unknown".equals(model)) {
                        model = line.substring(colon + 1).trim();
                    } else if ("flags".equals(key) && flags.isEmpty()) {
                        flags = line.substring(colon + 1);
                    }
                }
            } catch (IOException e) {
                LOG.debug("Cannot read {}: {}", file, e.getMessage());
            }
        }
        return new String[] {model, flags};
    }

    private static String loadedNd4jLibrary() {
        for (Map.Entry<String, String> e : org.bytedeco.javacpp.Loader.getLoadedLibraries().entrySet()) {
            String path = e.getValue();
            if (path != null && (path.contains("jnind4jcpu") || path.contains("jnind4jcuda"))) {
                return path;
            }
        }
        return "unknown";
    }

    private static int parseInt(Object o) {
        try {
            return o == null ? -1 : Integer.parseInt(o.toString().trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static long parseLong(String s) {
        if (s == null) {
            return -1;
        }
        try {
            return org.bytedeco.javacpp.Pointer.parseBytes(s, -1);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
