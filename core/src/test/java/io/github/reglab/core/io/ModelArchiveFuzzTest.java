package io.github.reglab.core.io;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

import io.github.reglab.core.regularization.Regularizers;
import io.github.reglab.core.testing.TinyNets;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Randomized mutation of model files: thousands of damaged and crafted variants of a valid file, read with the
 * updater state. Every one must either load or be refused with {@link ModelArchive.InvalidModelException}: no other
 * exception, no error. Two kinds of mutation: raw bytes of the zip (what damage does), and the entries' contents
 * re-zipped with fresh checksums (what an attacker does, reaching the JSON and array parsers). The test JVM's heap
 * (2 GiB) and off-heap limit (3 GiB) bound the memory; an allocation the caps let through would fail the test.
 */
class ModelArchiveFuzzTest {

    private static final int RAW_MUTATIONS = 1500;
    private static final int ENTRY_MUTATIONS = 1500;

    @TempDir
    Path tmp;

    private static byte[] mutate(byte[] b, SplittableRandom r) {
        byte[] m = b.clone();
        switch (r.nextInt(5)) {
            case 0 -> {
                for (int k = 1 + r.nextInt(4); k > 0; k--) {
                    m[r.nextInt(m.length)] ^= (byte) (1 + r.nextInt(255));
                }
            }
            case 1 -> m = java.util.Arrays.copyOf(m, r.nextInt(m.length));
            case 2 -> {
                int at = r.nextInt(m.length);
                int len = Math.min(m.length - at, 1 + r.nextInt(16));
                java.util.Arrays.fill(m, at, at + len, (byte) (r.nextBoolean() ? 0 : 0xff));
            }
            case 3 -> {
                // a large value in a random 8-byte slot: lengths, shapes, counts
                if (m.length >= 8) {
                    java.nio.ByteBuffer.wrap(m, r.nextInt(m.length - 7), 8).putLong(r.nextLong(1L << 40));
                }
            }
            default -> {
                int at = r.nextInt(m.length);
                byte[] grown = new byte[m.length + 8];
                System.arraycopy(m, 0, grown, 0, at);
                System.arraycopy(m, at, grown, at + 8, m.length - at);
                m = grown;
            }
        }
        return m;
    }

    private void readMustLoadOrRefuse(byte[] file, String what) throws Exception {
        Path f = tmp.resolve("fuzz.zip");
        Files.write(f, file);
        try {
            ModelArchive.read(f, true);
        } catch (ModelArchive.InvalidModelException expected) {
            assertTrue(expected.getMessage().contains("fuzz.zip"), expected.getMessage());
        } catch (Throwable t) {
            fail(what + ": " + t, t);
        }
    }

    @Test
    void everyMutationLoadsOrIsRefused() throws Exception {
        MultiLayerNetwork net = TinyNets.dense(3, Regularizers.l2(0.01));
        net.fit(new DataSet(TinyNets.features(8, new long[] {TinyNets.DENSE_IN}, 1), TinyNets.oneHot(8, 2)));
        Path valid = tmp.resolve("valid.zip");
        ModelArchive.write(valid, net, ModelArchive.Include.WEIGHTS_AND_UPDATER,
                Map.of("meta.json", "{\"threshold\":0.5}".getBytes(StandardCharsets.UTF_8)));
        byte[] zip = Files.readAllBytes(valid);
        Map<String, byte[]> entries = CraftedArchives.entries(zip);
        SplittableRandom r = new SplittableRandom(20261202);
        for (int i = 0; i < RAW_MUTATIONS; i++) {
            readMustLoadOrRefuse(mutate(zip, r), "raw mutation " + i);
        }
        String[] names = entries.keySet().stream().filter(n -> !n.equals(ModelArchive.CHECKSUMS))
                .toArray(String[]::new);
        for (int i = 0; i < ENTRY_MUTATIONS; i++) {
            Map<String, byte[]> m = new LinkedHashMap<>(entries);
            String name = names[r.nextInt(names.length)];
            m.put(name, mutate(m.get(name), r));
            readMustLoadOrRefuse(CraftedArchives.zipWithChecksums(m), "entry mutation " + i + " of " + name);
        }
    }

    /** Class names an attacker or a broken tool may write into the configuration's {@code @class} fields. */
    private static final String[] CLASS_NAMES = {"java.lang.ProcessBuilder", "javax.script.ScriptEngineManager",
        "java.net.URLClassLoader", "org.springframework.context.support.FileSystemXmlApplicationContext",
        "io.github.reglab.core.NoSuchClass", "org.deeplearning4j.nn.conf.layers.NoSuchLayer",
        "org.deeplearning4j.nn.conf.layers.DenseLayer", "org.deeplearning4j.nn.conf.layers.OutputLayer",
        "org.nd4j.linalg.activations.impl.ActivationReLU", "org.nd4j.linalg.learning.config.Adam", "", "[I",
        "java.lang.String"};

    private static final java.util.regex.Pattern CLASS_FIELD = java.util.regex.Pattern.compile(
            "\"@class\"\\s*:\\s*\"[^\"]*\"");

    /**
     * Structural mutations the byte-level ones rarely reach, each re-zipped with fresh checksums: extra entries by
     * the hundreds or thousands (small or empty, any name), and configuration JSON whose {@code @class} fields name
     * other classes (JDK gadgets, missing classes, DL4J classes in the wrong place). Every variant loads or is
     * refused with {@link ModelArchive.InvalidModelException}.
     */
    @Test
    void entryCountsAndConfigurationClassesLoadOrAreRefused() throws Exception {
        MultiLayerNetwork net = TinyNets.dense(3, Regularizers.l2(0.01));
        Path valid = tmp.resolve("valid.zip");
        ModelArchive.write(valid, net, ModelArchive.Include.WEIGHTS, Map.of());
        Map<String, byte[]> entries = CraftedArchives.entries(Files.readAllBytes(valid));
        String config = new String(entries.get(ModelArchive.CONFIGURATION), StandardCharsets.UTF_8);
        assertTrue(classFields(config).size() > 3, "the configuration names its classes");
        SplittableRandom r = new SplittableRandom(20261205);
        for (int i = 0; i < 40; i++) {
            Map<String, byte[]> m = new LinkedHashMap<>(entries);
            int extra = r.nextInt(ModelArchive.MAX_ENTRIES * 2) + (i % 4 == 0 ? 3000 : 0);
            for (int k = 0; k < extra; k++) {
                String name = (r.nextBoolean() ? ModelArchive.EXTRA_PREFIX : "") + "x" + k + (r.nextBoolean() ? ".json"
                        : ".bin");
                m.put(name, new byte[r.nextInt(64)]);
            }
            readMustLoadOrRefuse(CraftedArchives.zipWithChecksums(m), "archive with " + extra + " extra entries");
        }
        for (int i = 0; i < 200; i++) {
            StringBuilder c = new StringBuilder(config);
            for (int k = 1 + r.nextInt(3); k > 0; k--) {
                java.util.List<int[]> fields = classFields(c); // again after each change of length
                int[] f = fields.get(r.nextInt(fields.size()));
                c.replace(f[0], f[1], "\"@class\" : \"" + CLASS_NAMES[r.nextInt(CLASS_NAMES.length)] + "\"");
            }
            Map<String, byte[]> m = new LinkedHashMap<>(entries);
            m.put(ModelArchive.CONFIGURATION, c.toString().getBytes(StandardCharsets.UTF_8));
            readMustLoadOrRefuse(CraftedArchives.zipWithChecksums(m), "configuration class mutation " + i);
        }
    }

    /** Where the configuration's {@code "@class" : "..."} fields are, as [start, end) pairs. */
    private static java.util.List<int[]> classFields(CharSequence json) {
        java.util.List<int[]> fields = new java.util.ArrayList<>();
        java.util.regex.Matcher m = CLASS_FIELD.matcher(json);
        while (m.find()) {
            fields.add(new int[] {m.start(), m.end()});
        }
        return fields;
    }

    /** Sanity of the harness: the unmutated, re-zipped file loads. */
    @Test
    void theUnmutatedFileLoads() throws Exception {
        MultiLayerNetwork net = TinyNets.dense(3, Regularizers.l2(0.01));
        Path valid = tmp.resolve("valid.zip");
        ModelArchive.write(valid, net, ModelArchive.Include.WEIGHTS, Map.of());
        Path again = Files.write(tmp.resolve("again.zip"),
                CraftedArchives.zipWithChecksums(CraftedArchives.entries(Files.readAllBytes(valid))));
        ModelArchive.read(again, false);
        try (InputStream in = Files.newInputStream(again)) {
            assertTrue(in.readAllBytes().length > 0);
        }
    }
}
