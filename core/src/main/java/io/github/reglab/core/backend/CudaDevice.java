package io.github.reglab.core.backend;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One CUDA device as the driver describes it.
 *
 * @param index the device ordinal
 * @param name the product name, e.g. {@code NVIDIA A100-SXM4-40GB}
 * @param major compute capability, major part (8 for sm_86)
 * @param minor compute capability, minor part (6 for sm_86)
 * @param memoryMiB total device memory in MiB, or -1 when unknown
 * @param driverVersion the NVIDIA driver's version, e.g. {@code 535.104.05}, or null when unknown
 */
public record CudaDevice(int index, String name, int major, int minor, long memoryMiB, String driverVersion) {

    /**
     * Validates the fields.
     *
     * @param index the device ordinal
     * @param name the product name, e.g. {@code NVIDIA A100-SXM4-40GB}
     * @param major compute capability, major part (8 for sm_86)
     * @param minor compute capability, minor part (6 for sm_86)
     * @param memoryMiB total device memory in MiB, or -1 when unknown
     * @param driverVersion the NVIDIA driver's version, e.g. {@code 535.104.05}, or null when unknown
     */
    public CudaDevice {
        Objects.requireNonNull(name, "name");
        if (index < 0) {
            throw new IllegalArgumentException("index must be >= 0, found " + index);
        }
        if (major < 1 || minor < 0) {
            throw new IllegalArgumentException("compute capability must be >= 1.0, found " + major + "." + minor);
        }
    }

    /**
     * A device whose driver version is unknown.
     *
     * @param index the device ordinal
     * @param name the product name
     * @param major compute capability, major part
     * @param minor compute capability, minor part
     * @param memoryMiB total device memory in MiB, or -1 when unknown
     */
    public CudaDevice(int index, String name, int major, int minor, long memoryMiB) {
        this(index, name, major, minor, memoryMiB, null);
    }

    /**
     * Returns the compute capability as an sm number (8.6 is 86).
     *
     * @return the compute capability as an sm number, e.g. 86 for 8.6
     */
    public int smVersion() {
        return major * 10 + minor;
    }

    /**
     * Parses the output of {@code nvidia-smi --query-gpu=index,name,compute_cap,memory.total,driver_version
     * --format=csv,noheader,nounits}: one device a line, e.g. {@code 0, NVIDIA H100 80GB HBM3, 9.0, 81559, 535.104.05}
     * (the last two fields may be missing).
     *
     * @param csv the command's output
     * @return the devices, in the order listed
     * @throws IllegalArgumentException naming the line that cannot be read
     */
    public static List<CudaDevice> parseNvidiaSmi(String csv) {
        List<CudaDevice> devices = new ArrayList<>();
        String[] lines = csv.split("\\R");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].trim();
            if (line.isEmpty()) {
                continue;
            }
            String[] parts = line.split(",");
            if (parts.length < 3) {
                throw new IllegalArgumentException("nvidia-smi line " + (i + 1) + " has " + parts.length
                        + " fields, expected index, name, compute_cap[, memory.total]: '" + line + "'");
            }
            try {
                int index = Integer.parseInt(parts[0].trim());
                String name = parts[1].trim();
                String[] cc = parts[2].trim().split("\\.");
                int major = Integer.parseInt(cc[0]);
                int minor = cc.length > 1 ? Integer.parseInt(cc[1]) : 0;
                long memory = parts.length > 3 ? Long.parseLong(parts[3].trim()) : -1;
                String driver = parts.length > 4 && !parts[4].isBlank() ? parts[4].trim() : null;
                devices.add(new CudaDevice(index, name, major, minor, memory, driver));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("nvidia-smi line " + (i + 1)
                        + " has a field that is not a number (index, compute_cap or memory.total): '" + line + "'", e);
            }
        }
        return devices;
    }
}
