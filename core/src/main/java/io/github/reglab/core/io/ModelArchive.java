package io.github.reglab.core.io;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
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
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import io.github.reglab.core.internal.LibraryJson;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.core.type.TypeReference;

/**
 * A model file: DL4J's zip layout ({@code configuration.json}, {@code coefficients.bin}, {@code updaterState.bin})
 * plus this project's entries under {@code reglab/} and a {@code reglab/checksums.json} with the SHA-256 of every
 * other entry.
 *
 * <p>Reading is strict, because a model file may come from elsewhere: only the entries above are accepted (a
 * {@code preprocessor.bin}, which DL4J would read with Java serialization, or any other entry is refused), entry
 * names may not leave the archive ({@code ../}, absolute paths), and no entry may appear twice. Nothing is
 * allocated on a file's word: the configuration and metadata are capped at {@value #MAX_TEXT_BYTES} bytes; the
 * configuration is read first and fixes how large the arrays may be (its parameter count, which must fit the
 * off-heap limit); no entry may inflate more than {@value #MAX_INFLATE_RATIO}× once past 1 MiB (zip bombs); every
 * ND4J array header is parsed and checked (rank, shape, data type FLOAT or DOUBLE, length = the parameter count or
 * the updater's state size, byte count) before its data is read; every checksum must match; and the network is
 * rebuilt from the JSON configuration and the arrays without Java serialization. Any failure is an
 * {@link InvalidModelException} naming the file and the reason; nothing is written while reading.
 *
 * <p>What the checksums protect against: damage (truncation, flipped bytes, a half-copied file). They do not
 * authenticate: whoever can rewrite a file can rewrite its checksums, so a model is only as trustworthy as its
 * source; the checks above make sure such a file can at worst be refused, not run code or exhaust memory.
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
    /** Largest configuration, checksum list or extra entry accepted when reading, in bytes. */
    public static final int MAX_TEXT_BYTES = 16 << 20;
    /** Largest inflation ratio (uncompressed / compressed) of an entry above 1 MiB. */
    public static final int MAX_INFLATE_RATIO = 100;
    /**
     * The packages a configuration's {@code @class} names may come from: DL4J's and ND4J's configuration classes
     * and this library's layers and regularizers.
     */
    public static final List<String> ALLOWED_CLASS_PREFIXES = List.of("org.deeplearning4j.nn.", "org.nd4j.linalg.",
            "io.github.reglab.core.");
    /** The most entries a model file may have (this project writes at most a handful). */
    public static final int MAX_ENTRIES = 64;
    /**
     * The most bytes all {@value #EXTRA_PREFIX} entries together may inflate to, beyond twice the network's
     * coefficients (a checkpoint's best weights are such an entry).
     */
    public static final long MAX_EXTRA_BYTES = 64L << 20;
    /** Most parameters a model file may declare (the most elements an ND4J array read here may have). */
    public static final long MAX_PARAMETERS = Integer.MAX_VALUE - 8L;
    /** Largest updater state, as a multiple of the parameter count (Adam keeps 2, AMSGrad 3). */
    static final int MAX_UPDATER_STATE_PER_PARAMETER = 4;
    /** Bytes of an ND4J array's headers: two short strings, the shape information of rank &le; 32, a length. */
    private static final int MAX_ARRAY_HEADER_BYTES = 1024;
    private static final long RATIO_CHECK_FROM_BYTES = 1L << 20;

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
        if (extras.size() + 4 > MAX_ENTRIES) {
            throw new IllegalArgumentException(extras.size() + " extra entries: a model file holds at most "
                    + (MAX_ENTRIES - 4) + " (readers refuse more)");
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
            checksums = LibraryJson.mapper().writeValueAsBytes(sums);
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
        // one open file for both passes, so a file replaced meanwhile (a newer checkpoint) is not mixed in
        try (java.nio.channels.SeekableByteChannel channel = Files.newByteChannel(file)) {
            return read(file, channel, loadUpdater);
        } catch (NoSuchFileException e) {
            throw invalid(file, "it does not exist", e);
        } catch (IOException e) {
            throw invalid(file, "it cannot be read (" + e.getMessage() + ")", e);
        }
    }

    private static Contents read(Path file, java.nio.channels.SeekableByteChannel channel, boolean loadUpdater)
            throws IOException {
        // pass 1: the configuration alone, which says how large everything else may be
        byte[] conf = readEntries(file, channel, name -> name.equals(CONFIGURATION) ? (long) MAX_TEXT_BYTES : -1,
                CONFIGURATION, 0).get(CONFIGURATION);
        if (conf == null) {
            throw invalid(file, "it lacks " + CONFIGURATION, null);
        }
        checkClassNames(file, conf);
        MultiLayerConfiguration configuration;
        long numParams;
        try {
            configuration = MultiLayerConfiguration.fromJson(new String(conf, StandardCharsets.UTF_8));
            numParams = numParams(configuration);
        } catch (RuntimeException e) {
            throw invalid(file, CONFIGURATION + " is not a DL4J network configuration: " + e.getMessage(), e);
        }
        checkFits(file, numParams);
        long coefficientsCap = MAX_ARRAY_HEADER_BYTES + numParams * Double.BYTES;
        long updaterCap = MAX_ARRAY_HEADER_BYTES + MAX_UPDATER_STATE_PER_PARAMETER * numParams * Double.BYTES;
        // pass 2: every entry, each within its own cap
        Map<String, byte[]> entries = readEntries(file, channel, name -> switch (name) {
            case COEFFICIENTS -> coefficientsCap;
            case UPDATER_STATE -> updaterCap;
            case CONFIGURATION, CHECKSUMS -> MAX_TEXT_BYTES;
            // extras are metadata, or an array of the network's size (a checkpoint's best weights)
            default -> Math.max(MAX_TEXT_BYTES, coefficientsCap);
        }, null, MAX_EXTRA_BYTES + 2 * coefficientsCap);
        verifyChecksums(file, entries);
        byte[] coefficients = entries.get(COEFFICIENTS);
        if (coefficients == null || !java.util.Arrays.equals(conf, entries.get(CONFIGURATION))) {
            throw invalid(file, coefficients == null ? "it lacks " + COEFFICIENTS
                    : CONFIGURATION + " changed while the file was read", null);
        }
        MultiLayerNetwork net;
        try {
            INDArray params = NdArrays.read(coefficients, numParams, COEFFICIENTS);
            net = new MultiLayerNetwork(configuration);
            net.init(params, false);
            byte[] updater = entries.get(UPDATER_STATE);
            if (loadUpdater && updater != null) {
                INDArray view = net.getUpdater().getStateViewArray();
                long stateSize = view == null ? 0 : view.length();
                net.getUpdater().setStateViewArray(net, NdArrays.read(updater, stateSize, UPDATER_STATE), false);
            }
        } catch (NdArrays.BadArrayException e) {
            throw invalid(file, e.getMessage(), e);
        } catch (RuntimeException e) {
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

    /** Removes the checksum list from the entries and checks every other entry against it. */
    private static void verifyChecksums(Path file, Map<String, byte[]> entries) {
        byte[] sumsBytes = entries.remove(CHECKSUMS);
        if (sumsBytes == null) {
            throw invalid(file, "it has no " + CHECKSUMS + " (not written by this project, or truncated)", null);
        }
        Map<String, String> sums;
        try {
            sums = LibraryJson.mapper().readValue(sumsBytes, new TypeReference<Map<String, String>>() { });
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
    }

    /** The parameter count a configuration declares, computed without allocating anything. */
    static long numParams(MultiLayerConfiguration c) {
        long n = 0;
        for (int i = 0; i < c.getConfs().size(); i++) {
            var layerConf = c.getConf(i);
            n = Math.addExact(n, layerConf.getLayer().initializer().numParams(layerConf));
        }
        return n;
    }

    private static void checkFits(Path file, long numParams) {
        if (numParams < 1 || numParams > MAX_PARAMETERS) {
            throw invalid(file, "its configuration declares " + numParams + " parameters; a model read here has 1 to "
                    + MAX_PARAMETERS, null);
        }
        long offHeap = org.bytedeco.javacpp.Pointer.maxBytes();
        // the parameters, once in the file's bytes and once as the network (float at least)
        if (offHeap > 0 && numParams * Float.BYTES > offHeap) {
            throw invalid(file, String.format(java.util.Locale.ROOT, "its configuration declares %d parameters "
                    + "(%.1f MiB as float), more than the off-heap limit of %.1f MiB (raise it with "
                    + "-Dorg.bytedeco.javacpp.maxbytes=… if the model is genuine)", numParams,
                    numParams * (double) Float.BYTES / (1 << 20), offHeap / (double) (1 << 20)), null);
        }
    }

    /** The most bytes to accept for an entry, or -1 to skip it. */
    @FunctionalInterface
    private interface EntryCaps {
        long capFor(String name);
    }

    /**
     * Refuses a configuration that names a class outside {@link #ALLOWED_CLASS_PREFIXES} in a {@code @class} field,
     * before DL4J's JSON reader loads any class (and so runs its static initializer).
     */
    private static void checkClassNames(Path file, byte[] conf) {
        org.nd4j.shade.jackson.databind.JsonNode root;
        try {
            root = LibraryJson.mapper().readTree(conf);
        } catch (IOException e) {
            throw invalid(file, CONFIGURATION + " is not valid JSON (" + e.getMessage() + ")", e);
        }
        java.util.ArrayDeque<org.nd4j.shade.jackson.databind.JsonNode> todo = new java.util.ArrayDeque<>();
        todo.add(root);
        while (!todo.isEmpty()) {
            org.nd4j.shade.jackson.databind.JsonNode n = todo.pop();
            org.nd4j.shade.jackson.databind.JsonNode type = n.get("@class");
            if (type != null && type.isTextual() && ALLOWED_CLASS_PREFIXES.stream()
                    .noneMatch(type.asText()::startsWith)) {
                throw invalid(file, CONFIGURATION + " names the class '" + type.asText() + "', outside the "
                        + "configuration packages a model may use " + ALLOWED_CLASS_PREFIXES, null);
            }
            n.elements().forEachRemaining(todo::push);
        }
    }

    /**
     * Reads the entries the caps accept, checking every entry's name; stops after {@code stopAfter} when given (the
     * first pass needs only the configuration, which this project writes first).
     */
    private static Map<String, byte[]> readEntries(Path file, java.nio.channels.SeekableByteChannel channel,
            EntryCaps caps, String stopAfter, long extraBudget) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        long extraBytes = 0;
        try {
            channel.position(0);
        } catch (IOException e) {
            throw invalid(file, "it cannot be read (" + e.getMessage() + ")", e);
        }
        // closing the zip stream frees its inflater; the channel stays open for the second pass
        try (CountingInputStream raw = new CountingInputStream(new java.io.BufferedInputStream(
                java.nio.channels.Channels.newInputStream(new UnclosableChannel(channel))));
                ZipInputStream zip = new ZipInputStream(raw)) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                String name = e.getName();
                checkEntryName(file, name, seen);
                long cap = caps.capFor(name);
                boolean extra = name.startsWith(EXTRA_PREFIX) && !name.equals(CHECKSUMS);
                if (extra) {
                    cap = cap < 0 ? cap : Math.min(cap, extraBudget - extraBytes);
                }
                if (cap >= 0) {
                    byte[] content = readBounded(zip, raw, file, name, cap);
                    if (extra) {
                        extraBytes += content.length;
                    }
                    entries.put(name, content);
                    if (name.equals(stopAfter)) {
                        break;
                    }
                }
            }
        } catch (ZipException | java.io.EOFException e) {
            throw invalid(file, "it is not a complete zip file (" + e.getMessage() + ")", e);
        } catch (IllegalArgumentException e) {
            // java.util.zip's answer to an entry name that is not valid UTF-8 (found by ModelArchiveFuzzTest)
            throw invalid(file, "it is not a valid zip file (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw invalid(file, "it cannot be read (" + e.getMessage() + ")", e);
        }
        if (seen.isEmpty()) {
            throw invalid(file, "it is not a zip file or is empty", null);
        }
        return entries;
    }

    /** Refuses an entry name outside the archive or the accepted list, a repeated one, or one too many. */
    private static void checkEntryName(Path file, String name, java.util.Set<String> seen) {
        if (name.startsWith("/") || name.contains("\\") || name.contains("..") || name.contains(":")) {
            throw invalid(file, "entry name '" + name + "' points outside the archive", null);
        }
        boolean allowed = name.equals(CONFIGURATION) || name.equals(COEFFICIENTS) || name.equals(UPDATER_STATE)
                || name.equals(CHECKSUMS) || EXTRA_NAME.matcher(name).matches();
        if (!allowed) {
            throw invalid(file, "it has an unexpected entry '" + name + "'; this loader accepts only "
                    + CONFIGURATION + ", " + COEFFICIENTS + ", " + UPDATER_STATE + " and " + EXTRA_PREFIX
                    + "* (DL4J would read entries such as preprocessor.bin with Java serialization)", null);
        }
        if (!seen.add(name)) {
            throw invalid(file, "entry '" + name + "' appears twice", null);
        }
        if (seen.size() > MAX_ENTRIES) {
            throw invalid(file, "it has more than " + MAX_ENTRIES + " entries (a model file has four, plus a few of "
                    + "this project's metadata files)", null);
        }
    }

    private static byte[] readBounded(InputStream in, CountingInputStream raw, Path file, String name, long cap)
            throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[1 << 16];
        long total = 0;
        long compressedStart = raw.count();
        for (int n; (n = in.read(buf)) > 0; ) {
            total += n;
            if (total > cap) {
                throw invalid(file, "entry '" + name + "' is larger than the " + cap + " bytes its configuration "
                        + "allows", null);
            }
            long compressed = Math.max(1, raw.count() - compressedStart);
            if (total > RATIO_CHECK_FROM_BYTES && total / compressed > MAX_INFLATE_RATIO) {
                throw invalid(file, "entry '" + name + "' inflates more than " + MAX_INFLATE_RATIO + " times (a zip "
                        + "bomb?)", null);
            }
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    /** A channel view whose close does nothing, so that one open file serves both passes. */
    private static final class UnclosableChannel implements java.nio.channels.ReadableByteChannel {
        private final java.nio.channels.ReadableByteChannel channel;

        UnclosableChannel(java.nio.channels.ReadableByteChannel channel) {
            this.channel = channel;
        }

        @Override
        public int read(java.nio.ByteBuffer dst) throws IOException {
            return channel.read(dst);
        }

        @Override
        public boolean isOpen() {
            return channel.isOpen();
        }

        @Override
        public void close() {
            // the owner closes the channel
        }
    }

    /** Counts the compressed bytes the zip reader has consumed. */
    private static final class CountingInputStream extends java.io.FilterInputStream {
        private long count;

        CountingInputStream(InputStream in) {
            super(in);
        }

        long count() {
            return count;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long k = super.skip(n);
            count += Math.max(0, k);
            return k;
        }
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
     * Reads an array written by {@link #toBytes}, checking its header before allocating anything.
     *
     * @param b ND4J binary form
     * @param expectedLength the number of elements the array must have
     * @param what what the array is, for the message
     * @return the array
     * @throws InvalidModelException when the bytes are not an ND4J FLOAT or DOUBLE array of that length
     */
    public static INDArray fromBytes(byte[] b, long expectedLength, String what) {
        try {
            return NdArrays.read(b, expectedLength, what);
        } catch (NdArrays.BadArrayException e) {
            throw new InvalidModelException(e.getMessage(), e);
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
