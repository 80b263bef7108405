package io.github.reglab.core.backend;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sets the JVM system properties that ND4J, JavaCPP and DL4J read once at start, before any of them loads.
 *
 * <p>Call {@link #configure()} first thing in a {@code main} (every application of this project does; the run
 * harness calls it for you). A property the user already set, on the command line or in code, is never
 * overwritten. What it sets:
 * <ul>
 *   <li>{@value #EXTENSION_PROPERTY} = {@value #ONEDNN_EXTENSION} when libnd4j's oneDNN build is on the class path
 *       (Maven adds it on linux-x86_64). JavaCPP then loads {@code linux-x86_64-onednn} natives and falls back to
 *       the plain {@code linux-x86_64} ones if they are missing. oneDNN chooses its kernels at run time, so the
 *       build runs on any x86-64 CPU and uses AVX2/AVX-512 where present.</li>
 *   <li>{@value #EXTENSION_PROPERTY} = {@value #CUDNN_EXTENSION} on the CUDA backend when libnd4j's cuDNN build
 *       ({@code nd4j-cuda-11.6} with classifier {@code <platform>-cudnn}) is on the class path: libnd4j's own
 *       convolution, pooling and batch-norm ops then run on cuDNN.</li>
 *   <li>{@value #HELPERS_DISABLE_PROPERTY} = {@code false} with oneDNN, so that DL4J hands convolution,
 *       pooling and batch normalization to oneDNN (DL4J M2.1 disables its helpers by default). The bridge class
 *       {@code org.nd4j.nativeblas.Nd4jCpu.Environment} in this module supplies the class name M2.1 looks for.</li>
 *   <li>{@value #MAX_BYTES_PROPERTY} = the maximum heap: JavaCPP's cap on the off-heap arrays it allocates
 *       (its default, four times the heap, let a small CNN reach 5.8 GB RSS).</li>
 *   <li>{@value #MAX_PHYSICAL_BYTES_PROPERTY} = {@code 0}: no cap on the whole process's resident size. With a cap,
 *       JavaCPP measures the process's resident memory on every native allocation ({@code
 *       Pointer.physicalBytesInaccurate}, 18 % of a fraud-MLP training step in a JFR profile); without it the step
 *       took 15–20 % less time (one thread, batch 256: 2.2 → 1.85 ms with this project's batch norm, 3.1 → 2.35 ms
 *       with DL4J's; docs/benchmarks.md). {@value #MAX_BYTES_PROPERTY} still bounds the arrays.</li>
 * </ul>
 * Properties set after ND4J has started have no effect; {@link BackendInfo} reports what was actually used.
 */
public final class NativeSetup {

    /** JavaCPP's system property that selects a variant of the native libraries. */
    public static final String EXTENSION_PROPERTY = "org.bytedeco.javacpp.platform.extension";
    /** The variant name of libnd4j's oneDNN build. */
    public static final String ONEDNN_EXTENSION = "-onednn";
    /** The variant name of libnd4j's cuDNN build (CUDA backend). */
    public static final String CUDNN_EXTENSION = "-cudnn";
    /** DL4J M2.1's switch for its platform helpers (true by default, meaning disabled). */
    public static final String HELPERS_DISABLE_PROPERTY = "org.eclipse.deeplearning4j.helpers.disable";
    /** JavaCPP's limit of off-heap memory it allocates itself. */
    public static final String MAX_BYTES_PROPERTY = "org.bytedeco.javacpp.maxbytes";
    /** JavaCPP's limit of the whole process's resident memory, checked on every native allocation. */
    public static final String MAX_PHYSICAL_BYTES_PROPERTY = "org.bytedeco.javacpp.maxphysicalbytes";
    private static final Logger LOG = LoggerFactory.getLogger(NativeSetup.class);
    private static final String BINDINGS_FOLDER = "org/nd4j/linalg/cpu/nativecpu/bindings/";
    private static final String CUDA_BINDINGS_FOLDER = "org/nd4j/linalg/jcublas/bindings/";

    private static Map<String, String> applied;

    private NativeSetup() {
    }

    /**
     * Sets the properties described in the class documentation that are not set yet. Idempotent.
     *
     * @return the properties this call or an earlier one set, in the order they were set (empty when the user
     *     had set them all)
     */
    public static synchronized Map<String, String> configure() {
        if (applied != null) {
            return applied;
        }
        Map<String, String> set = new LinkedHashMap<>();
        String platform = javacppPlatform(System.getProperty("os.name"), System.getProperty("os.arch"));
        boolean onednn = platform != null && hasNatives(BINDINGS_FOLDER, platform, ONEDNN_EXTENSION);
        if (onednn) {
            setIfAbsent(EXTENSION_PROPERTY, ONEDNN_EXTENSION, set);
        } else if (platform != null && hasNatives(CUDA_BINDINGS_FOLDER, platform, CUDNN_EXTENSION)) {
            setIfAbsent(EXTENSION_PROPERTY, CUDNN_EXTENSION, set);
        }
        if (ONEDNN_EXTENSION.equals(System.getProperty(EXTENSION_PROPERTY))) {
            setIfAbsent(HELPERS_DISABLE_PROPERTY, "false", set);
        }
        long heap = Runtime.getRuntime().maxMemory();
        if (heap != Long.MAX_VALUE) {
            setIfAbsent(MAX_BYTES_PROPERTY, Long.toString(heap), set);
        }
        setIfAbsent(MAX_PHYSICAL_BYTES_PROPERTY, "0", set);
        applied = Map.copyOf(set);
        LOG.debug("Native setup for platform {}: set {}", platform, set);
        return applied;
    }

    /**
     * The JVM options a process that loads ND4J should start with on this JDK: {@code
     * --enable-native-access=ALL-UNNAMED} (JavaCPP loads native code through {@code System.load}, which JDK 22+
     * reports otherwise; accepted since 17), and from JDK 24 on {@code --sun-misc-unsafe-memory-access=allow}
     * (JavaCPP's indexers read memory through {@code sun.misc.Unsafe}). For launchers that start worker JVMs; they
     * only silence warnings, nothing runs differently.
     *
     * @return the options for the running JVM's release, in order
     */
    public static List<String> jvmFlags() {
        return jvmFlags(Runtime.version().feature());
    }

    /**
     * The JVM options of {@link #jvmFlags()} for a given Java release.
     *
     * @param javaRelease the feature release, e.g. 17, 21 or 25
     * @return the options, in order
     */
    public static List<String> jvmFlags(int javaRelease) {
        return javaRelease >= 24
                ? List.of("--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow")
                : List.of("--enable-native-access=ALL-UNNAMED");
    }

    /**
     * Maps Java's {@code os.name} and {@code os.arch} to JavaCPP's platform name.
     *
     * @param osName the value of {@code os.name}
     * @param osArch the value of {@code os.arch}
     * @return e.g. {@code linux-x86_64}, or null for a platform ND4J has no natives for
     */
    public static String javacppPlatform(String osName, String osArch) {
        Objects.requireNonNull(osName, "osName");
        Objects.requireNonNull(osArch, "osArch");
        String os = osName.toLowerCase(Locale.ROOT);
        String family;
        if (os.startsWith("linux")) {
            family = "linux";
        } else if (os.startsWith("mac") || os.startsWith("darwin")) {
            family = "macosx";
        } else if (os.startsWith("windows")) {
            family = "windows";
        } else {
            return null;
        }
        String arch = switch (osArch.toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64", "x86-64" -> "x86_64";
            case "aarch64", "arm64" -> "arm64";
            case "ppc64le" -> "ppc64le";
            default -> null;
        };
        return arch == null ? null : family + "-" + arch;
    }

    /**
     * Returns true when the class path holds libnd4j's oneDNN build for that platform.
     *
     * @param platform a JavaCPP platform name
     * @return true when the class path holds libnd4j's oneDNN build for that platform
     */
    static boolean hasOnednnNatives(String platform) {
        return hasNatives(BINDINGS_FOLDER, platform, ONEDNN_EXTENSION);
    }

    private static boolean hasNatives(String folder, String platform, String extension) {
        return NativeSetup.class.getClassLoader().getResource(folder + platform + extension + "/") != null;
    }

    private static void setIfAbsent(String key, String value, Map<String, String> set) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
            set.put(key, value);
        }
    }
}
