package io.github.reglab.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * This machine's theoretical peak fp32 FLOP/s, written out: cores × clock × fp32 lanes per vector × 2 (fused
 * multiply-add) × FMA units per core. The FMA units are assumed to be 2 (Intel since Haswell, AMD since Zen 2);
 * the clock is the highest the kernel reports (cpufreq maximum, else /proc/cpuinfo's current MHz). A peak is an
 * upper bound no framework reaches; its share says how much of the machine a workload uses.
 *
 * @param cores logical processors the JVM sees
 * @param gigahertz clock in GHz
 * @param lanes fp32 lanes per vector register (AVX-512: 16, AVX/AVX2: 8, SSE: 4)
 * @param fmaUnits fused multiply-add units per core (assumed)
 * @param vectorIsa the widest vector instruction set found
 * @param model the CPU model name
 */
record Machine(int cores, double gigahertz, int lanes, int fmaUnits, String vectorIsa, String model) {

    /**
     * @return peak fp32 FLOP/s
     */
    double peakFlops() {
        return cores * gigahertz * 1e9 * lanes * 2 * fmaUnits;
    }

    /**
     * @return the formula with this machine's numbers
     */
    String describe() {
        return String.format(Locale.ROOT, "%s: %d cores × %.2f GHz × %d fp32 lanes (%s) × 2 (FMA) × %d FMA units "
                + "= %.1f GFLOP/s peak fp32", model, cores, gigahertz, lanes, vectorIsa, fmaUnits, peakFlops() / 1e9);
    }

    /**
     * @return this machine, read from /proc/cpuinfo and cpufreq (Linux)
     */
    static Machine detect() {
        String model = "unknown CPU";
        double mhz = 0;
        String flags = "";
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/cpuinfo"));
            for (String l : lines) {
                if (l.startsWith("model name") && model.equals("unknown CPU")) {
                    model = l.substring(l.indexOf(':') + 1).trim();
                } else if (l.startsWith("cpu MHz") && mhz == 0) {
                    mhz = Double.parseDouble(l.substring(l.indexOf(':') + 1).trim());
                } else if (l.startsWith("flags") && flags.isEmpty()) {
                    flags = " " + l.substring(l.indexOf(':') + 1).trim() + " ";
                }
            }
        } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException("cannot read /proc/cpuinfo for the peak FLOP/s: " + e, e);
        }
        try {
            Path max = Path.of("/sys/devices/system/cpu/cpu0/cpufreq/cpuinfo_max_freq");
            if (Files.isReadable(max)) {
                mhz = Math.max(mhz, Long.parseLong(Files.readString(max).trim()) / 1000.0);
            }
        } catch (IOException | NumberFormatException e) {
            // cpufreq is optional; /proc/cpuinfo's clock stays
            mhz = Math.max(mhz, 0);
        }
        return of(Runtime.getRuntime().availableProcessors(), mhz / 1000, flags, model);
    }

    /**
     * @param cores logical processors
     * @param gigahertz clock
     * @param flags the CPU flags, space-separated
     * @param model the model name
     * @return the machine
     */
    static Machine of(int cores, double gigahertz, String flags, String model) {
        String f = " " + flags.trim() + " ";
        int lanes;
        String isa;
        if (f.contains(" avx512f ")) {
            lanes = 16;
            isa = "AVX-512";
        } else if (f.contains(" avx2 ") || f.contains(" avx ")) {
            lanes = 8;
            isa = f.contains(" avx2 ") ? "AVX2" : "AVX";
        } else {
            lanes = 4;
            isa = "SSE";
        }
        return new Machine(cores, gigahertz, lanes, f.contains(" fma ") ? 2 : 1, isa, model);
    }
}
