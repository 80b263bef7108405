package io.github.reglab.core.io;

import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import com.fasterxml.jackson.core.type.TypeReference;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A model file: DL4J's zip layout ({@code configuration.json}, {@code coefficients.bin}, {@code updaterState.bin})
 * plus this project's entries under {@code reglab/} and a {@code reglab/checksums.json} with the SHA-256 of every
 * other entry.
 *
 * <p>Reading is strict, because a model file may come from elsewhere: only the entries above are accepted (a
 * {@code preprocessor.bin}, which DL4J would read with Java serialization, or any other entry is refused), entry
 * names may not leave the archive ({@code ../}, absolute paths), no entry may appear twice or exceed
 * {@value #MAX_ENTRY_BYTES} bytes, every checksum must match, and the network is rebuilt from the JSON
 * configuration and the binary arrays without Java serialization. Any failure is an {@link InvalidModelException}
 * naming the file and the reason; nothing is written while reading.
 */
public final class ModelArchive {

    /** DL4J's entry for the network configuration (JSON). */
    public static final String CONFIGURATION = "configuration.json";
    /** DL4J's entry for the flattened parameters (ND4J binary). */
    public static final String COEFFICIENTS = "coefficients.bin";
    /** DL4J's entry for the updater state (ND4J binary). */
    public static final String UPDATER_STATE = "updaterState.bin";
    /** Prefix of this project's own entries. */
    public static final String EXTRA_PREFIX = "reglab/";
    /** This project's checksum entry. */
    public static final String CHECKSUMS = EXTRA_PREFIX + "checksums.json";
    /** Largest entry accepted when reading, in bytes. */
    public static final long MAX_ENTRY_BYTES = 1L << 31;

    private static final Pattern EXTRA_NAME = Pattern.compile("reglab/[a-z0-9][a-z0-9._-]{0,100}");

    private ModelArchive() {
    }

    /**
     * Thrown when a model file is missing, truncated, tampered with, foreign or unsafe.
     */
    public static final class InvalidModelException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        /**
         * Creates the exception.
         *
         * @param message names the file and the problem
         * @param cause the underlying error, or null
         */
        public InvalidModelException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * A model read back.
     *
     * @param network the network, with its updater state when the file had one
     * @param extras this project's entries (names without the {@code reglab/} prefix) and their bytes
     */
    public record Contents(MultiLayerNetwork network, Map<String, byte[]> extras) {

        /**
         * Returns its text (UTF-8).
         *
         * @param name an extra entry's name
         * @return its text (UTF-8)
         * @throws InvalidModelException when the entry is missing
         */
        public String text(String name) {
            byte[] b = extras.get(name);
            if (b == null) {
                throw new InvalidModelException("model file lacks the entry " + EXTRA_PREFIX + name, null);
            }
            return new String(b, StandardCharsets.UTF_8);
        }
    }

    /** What a model file holds besides the configuration and the weights. */
    public enum Include {
        /** Configuration and weights: enough to predict. */
        WEIGHTS,
        /** Also the updater's state (Adam's moments …): needed to resume training exactly. */
        WEIGHTS_AND_UPDATER
    }

    /**
     * Writes a network and extra entries atomically (temporary file, then rename).
     *
     * @param target the file to write
     * @param net the network
     * @param contents whether the updater state goes in too
     * @param extras extra entries, by name (lower case, digits, {@code . _ -}); stored under {@code reglab/}
     */
    public static void write(Path target, MultiLayerNetwork net, Include contents, Map<String, byte[]> extras) {
        boolean saveUpdater = contents == Include.WEIGHTS_AND_UPDATER;
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put(CONFIGURATION, net.getLayerWiseConfigurations().toJson().getBytes(StandardCharsets.UTF_8));
        entries.put(COEFFICIENTS, toBytes(net.params()));
        if (saveUpdater && net.getUpdater() != null && net.getUpdater().getStateViewArray() != null) {
            entries.put(UPDATER_STATE, toBytes(net.getUpdater().getStateViewArray()));
        }
        for (Map.Entry<String, byte[]> e : extras.entrySet()) {
            String name = EXTRA_PREFIX + e.getKey();
            if (!EXTRA_NAME.matcher(name).matches() || name.equals(CHECKSUMS)) {
                throw new IllegalArgumentException("extra entry name '" + e.getKey()
                        + "' must be lower case letters, digits, '.', '_' or '-' (and not checksums.json)");
            }
            entries.put(name, e.getValue());
        }
        Map<String, String> sums = new TreeMap<>();
        entries.forEach((k, v) -> sums.put(k, sha256(v)));
        byte[] checksums;
        try {
            checksums = AtomicFiles.json().writeValueAsBytes(sums);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        AtomicFiles.write(target, out -> {
            try (ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(out))) {
                for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                    zip.putNextEntry(new ZipEntry(e.getKey()));
                    zip.write(e.getValue());
                    zip.closeEntry();
                }
                zip.putNextEntry(new ZipEntry(CHECKSUMS));
                zip.write(checksums);
                zip.closeEntry();
                zip.finish();
                zip.flush();
            }
        });
    }

    /**
     * Reads a model file strictly (see the class documentation).
     *
     * @param file the model file
     * @param loadUpdater whether to restore the updater state (when present)
     * @return the network and the extra entries
     * @throws InvalidModelException naming the file and what is wrong with it
     */
    public static Contents read(Path file, boolean loadUpdater) {
        Map<String, byte[]> entries = readEntries(file);
        byte[] sumsBytes = entries.remove(CHECKSUMS);
        if (sumsBytes == null) {
            throw invalid(file, "it has no " + CHECKSUMS + " (not written by this project, or truncated)", null);
        }
        Map<String, String> sums;
        try {
            sums = AtomicFiles.json().readValue(sumsBytes, new TypeReference<Map<String, String>>() { });
        } catch (IOException e) {
            throw invalid(file, CHECKSUMS + " is not valid JSON", e);
        }
        if (!sums.keySet().equals(entries.keySet())) {
            throw invalid(file, "its entries " + entries.keySet() + " do not match the checksum list " + sums.keySet(),
                    null);
        }
        for (Map.Entry<String, byte[]> e : entries.entrySet()) {
            if (!sha256(e.getValue()).equals(sums.get(e.getKey()))) {
                throw invalid(file, "entry " + e.getKey() + " does not match its SHA-256 (the file was modified or "
                        + "damaged)", null);
            }
        }
        byte[] conf = entries.get(CONFIGURATION);
        byte[] coefficients = entries.get(COEFFICIENTS);
        if (conf == null || coefficients == null) {
            throw invalid(file, "it lacks " + (conf == null ? CONFIGURATION : COEFFICIENTS), null);
        }
        MultiLayerNetwork net;
        try {
            MultiLayerConfiguration c = MultiLayerConfiguration.fromJson(new String(conf, StandardCharsets.UTF_8));
            INDArray params = fromBytes(coefficients);
            net = new MultiLayerNetwork(c);
            net.init(params, false);
            byte[] updater = entries.get(UPDATER_STATE);
            if (loadUpdater && updater != null) {
                net.getUpdater().setStateViewArray(net, fromBytes(updater), false);
            }
        } catch (RuntimeException | IOException e) {
            throw invalid(file, "its network cannot be rebuilt: " + e.getMessage(), e);
        }
        Map<String, byte[]> extras = new LinkedHashMap<>();
        entries.forEach((k, v) -> {
            if (k.startsWith(EXTRA_PREFIX)) {
                extras.put(k.substring(EXTRA_PREFIX.length()), v);
            }
        });
        return new Contents(net, extras);
    }

    private static Map<String, byte[]> readEntries(Path file) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(file))) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                String name = e.getName();
                if (name.startsWith("/") || name.contains("\\") || name.contains("..") || name.contains(":")) {
                    throw invalid(file, "entry name '" + name + "' points outside the archive", null);
                }
                boolean allowed = name.equals(CONFIGURATION) || name.equals(COEFFICIENTS)
                        || name.equals(UPDATER_STATE) || name.equals(CHECKSUMS) || EXTRA_NAME.matcher(name).matches();
                if (!allowed) {
                    throw invalid(file, "it has an unexpected entry '" + name + "'; this loader accepts only "
                            + CONFIGURATION + ", " + COEFFICIENTS + ", " + UPDATER_STATE + " and " + EXTRA_PREFIX
                            + "* (DL4J would read entries such as preprocessor.bin with Java serialization)", null);
                }
                if (entries.containsKey(name)) {
                    throw invalid(file, "entry '" + name + "' appears twice", null);
                }
                entries.put(name, readBounded(zip, file, name));
            }
        } catch (NoSuchFileException e) {
            throw invalid(file, "it does not exist", e);
        } catch (ZipException | java.io.EOFException e) {
            throw invalid(file, "it is not a complete zip file (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw invalid(file, "it cannot be read (" + e.getMessage() + ")", e);
        }
        if (entries.isEmpty()) {
            throw invalid(file, "it is not a zip file or is empty", null);
        }
        return entries;
    }

    private static byte[] readBounded(InputStream in, Path file, String name) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[1 << 16];
        long total = 0;
        for (int n; (n = in.read(buf)) > 0; ) {
            total += n;
            if (total > MAX_ENTRY_BYTES) {
                throw invalid(file, "entry '" + name + "' is larger than " + MAX_ENTRY_BYTES + " bytes", null);
            }
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    private static InvalidModelException invalid(Path file, String reason, Throwable cause) {
        return new InvalidModelException("model file " + file + " is not usable: " + reason, cause);
    }

    /**
     * Returns its ND4J binary form (what DL4J writes into {@code coefficients.bin}).
     *
     * @param a an array
     * @return its ND4J binary form (what DL4J writes into {@code coefficients.bin})
     */
    public static byte[] toBytes(INDArray a) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream dos = new DataOutputStream(bytes)) {
            Nd4j.write(a, dos);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * Returns the array.
     *
     * @param b ND4J binary form, from {@link #toBytes}
     * @return the array
     * @throws IOException when the bytes are not an ND4J array
     */
    public static INDArray fromBytes(byte[] b) throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(b))) {
            return Nd4j.read(in);
        }
    }

    private static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }
}
