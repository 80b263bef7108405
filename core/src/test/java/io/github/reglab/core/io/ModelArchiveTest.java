package io.github.reglab.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import io.github.reglab.core.regularization.Regularizers;
import io.github.reglab.core.regularization.Step;
import io.github.reglab.core.testing.TinyNets;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

class ModelArchiveTest {

    @TempDir
    Path tmp;

    private MultiLayerNetwork trained() {
        MultiLayerNetwork net = TinyNets.dense(9, Regularizers.l1(0.01, Step.PROXIMAL));
        net.fit(new DataSet(TinyNets.features(16, new long[] {TinyNets.DENSE_IN}, 1), TinyNets.oneHot(16, 2)));
        return net;
    }

    @Test
    void roundTripKeepsParamsUpdaterExtrasAndOutputs() {
        MultiLayerNetwork net = trained();
        Path f = tmp.resolve("model.zip");
        ModelArchive.write(f, net, ModelArchive.Include.WEIGHTS_AND_UPDATER, Map.of("threshold.json",
                "{\"t\":0.5}".getBytes(StandardCharsets.UTF_8)));
        ModelArchive.Contents back = ModelArchive.read(f, true);
        assertEquals(net.params(), back.network().params());
        assertEquals(net.getUpdater().getStateViewArray(), back.network().getUpdater().getStateViewArray());
        assertEquals(net.getLayerWiseConfigurations(), back.network().getLayerWiseConfigurations());
        INDArray x = TinyNets.features(5, new long[] {TinyNets.DENSE_IN}, 3);
        assertEquals(net.output(x), back.network().output(x));
        assertEquals("{\"t\":0.5}", back.text("threshold.json"));
    }

    @Test
    void tamperedEntryIsDetected() throws Exception {
        Path f = tmp.resolve("model.zip");
        ModelArchive.write(f, trained(), ModelArchive.Include.WEIGHTS, Map.of());
        Path tampered = rewrite(f, tmp.resolve("tampered.zip"), (name, bytes) -> {
            if (name.equals(ModelArchive.COEFFICIENTS)) {
                bytes[bytes.length - 1] ^= 1;
            }
            return bytes;
        }, null);
        assertInvalid(tampered, "does not match its SHA-256");
    }

    @Test
    void truncatedFileIsDetected() throws Exception {
        Path f = tmp.resolve("model.zip");
        ModelArchive.write(f, trained(), ModelArchive.Include.WEIGHTS, Map.of());
        byte[] all = Files.readAllBytes(f);
        Path cut = Files.write(tmp.resolve("cut.zip"), java.util.Arrays.copyOf(all, all.length / 2));
        ModelArchive.InvalidModelException e = assertThrows(ModelArchive.InvalidModelException.class,
                () -> ModelArchive.read(cut, false));
        assertTrue(e.getMessage().contains("cut.zip"), e.getMessage());
    }

    /** A preprocessor.bin with a serialized object (what DL4J would hand to ObjectInputStream) is refused. */
    @Test
    void serializedObjectEntryIsRefusedBeforeDeserialization() throws Exception {
        Path f = tmp.resolve("model.zip");
        ModelArchive.write(f, trained(), ModelArchive.Include.WEIGHTS, Map.of());
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        try (ObjectOutputStream oos = new ObjectOutputStream(payload)) {
            oos.writeObject(new ArrayList<>(List.of("gadget")));
        }
        Path evil = rewrite(f, tmp.resolve("evil.zip"), (n, b) -> b, Map.entry("preprocessor.bin",
                payload.toByteArray()));
        assertInvalid(evil, "unexpected entry 'preprocessor.bin'");
    }

    @Test
    void pathTraversalEntryIsRefused() throws Exception {
        Path f = tmp.resolve("model.zip");
        ModelArchive.write(f, trained(), ModelArchive.Include.WEIGHTS, Map.of());
        Path evil = rewrite(f, tmp.resolve("slip.zip"), (n, b) -> b, Map.entry("reglab/../../etc/x", new byte[] {1}));
        assertInvalid(evil, "points outside the archive");
        assertEquals(List.of("model.zip", "slip.zip"), list(tmp), "reading writes nothing");
    }

    /** DL4J's own ModelSerializer output has no checksums: a foreign file, refused with that reason. */
    @Test
    void foreignFilesAreRefused() throws Exception {
        Path dl4j = tmp.resolve("dl4j.zip");
        ModelSerializer.writeModel(trained(), dl4j.toFile(), true);
        assertInvalid(dl4j, "has no reglab/checksums.json");
        Path text = Files.writeString(tmp.resolve("notes.zip"), "not a zip");
        assertInvalid(text, "not a zip file");
        assertInvalid(tmp.resolve("missing.zip"), "does not exist");
    }

    /**
     * Thousands of small entries (issue #32: 3,000 in a 3.4 MB file filled a 2 GB heap) are refused while the
     * archive's entries are listed, naming the limit; the writer will not make such a file either.
     */
    @Test
    void manyEntriesAndLargeExtrasAreRefused() throws Exception {
        Path f = tmp.resolve("model.zip");
        ModelArchive.write(f, trained(), ModelArchive.Include.WEIGHTS, Map.of());
        Path many = tmp.resolve("many.zip");
        try (ZipInputStream zin = new ZipInputStream(Files.newInputStream(f));
                OutputStream os = Files.newOutputStream(many); ZipOutputStream zout = new ZipOutputStream(os)) {
            for (ZipEntry e; (e = zin.getNextEntry()) != null; ) {
                zout.putNextEntry(new ZipEntry(e.getName()));
                zout.write(zin.readAllBytes());
                zout.closeEntry();
            }
            for (int i = 0; i < 3000; i++) {
                zout.putNextEntry(new ZipEntry("reglab/x" + i + ".json"));
                zout.write(new byte[1000]);
                zout.closeEntry();
            }
        }
        assertInvalid(many, "more than " + ModelArchive.MAX_ENTRIES + " entries");
        assertThrows(IllegalArgumentException.class, () -> ModelArchive.write(tmp.resolve("w.zip"), trained(),
                ModelArchive.Include.WEIGHTS, java.util.stream.IntStream.range(0, ModelArchive.MAX_ENTRIES)
                        .boxed().collect(java.util.stream.Collectors.toMap(i -> "e" + i + ".json",
                                i -> new byte[1]))));
    }

    /**
     * A configuration naming a class outside DL4J's, ND4J's and this project's packages is refused before the class
     * is loaded: the marker's static initializer never runs.
     */
    @Test
    void foreignClassNamesAreRefusedBeforeLoading() throws Exception {
        Path f = tmp.resolve("model.zip");
        ModelArchive.write(f, trained(), ModelArchive.Include.WEIGHTS, Map.of());
        boolean[] replaced = new boolean[1];
        Path hostile = rewrite(f, tmp.resolve("hostile.zip"), (n, b) -> {
            if (!n.equals(ModelArchive.CONFIGURATION)) {
                return b;
            }
            String json = new String(b, StandardCharsets.UTF_8);
            String edited = json.replaceFirst("org\\.nd4j\\.linalg\\.activations\\.impl\\.Activation\\w+",
                    "com.example.marker.StaticMarker");
            replaced[0] = !edited.equals(json);
            return edited.getBytes(StandardCharsets.UTF_8);
        }, null);
        assertTrue(replaced[0], "the configuration names no activation class to replace");
        assertInvalid(hostile, "names the class 'com.example.marker.StaticMarker'");
        assertFalse(com.example.marker.MarkerFlag.initialized, "the named class was loaded and initialized");
    }

    private static void assertInvalid(Path file, String reason) {
        ModelArchive.InvalidModelException e = assertThrows(ModelArchive.InvalidModelException.class,
                () -> ModelArchive.read(file, false));
        assertTrue(e.getMessage().contains(reason) && e.getMessage().contains(file.getFileName().toString()),
                e.getMessage());
    }

    private interface Edit {
        byte[] apply(String name, byte[] bytes);
    }

    private static Path rewrite(Path in, Path out, Edit edit, Map.Entry<String, byte[]> extra) throws Exception {
        try (ZipInputStream zin = new ZipInputStream(Files.newInputStream(in));
                OutputStream os = Files.newOutputStream(out); ZipOutputStream zout = new ZipOutputStream(os)) {
            for (ZipEntry e; (e = zin.getNextEntry()) != null; ) {
                byte[] b = edit.apply(e.getName(), zin.readAllBytes());
                zout.putNextEntry(new ZipEntry(e.getName()));
                zout.write(b);
                zout.closeEntry();
            }
            if (extra != null) {
                zout.putNextEntry(new ZipEntry(extra.getKey()));
                zout.write(extra.getValue());
                zout.closeEntry();
            }
        }
        return out;
    }

    private static List<String> list(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    // ---- hostile files: nothing is allocated or decompressed on a file's word ----

    /** The parts of an ND4J array's binary form, as written by Nd4j.write (see NdArrays). */
    private record NdParts(String mode, long[] info, String infoType, String mode2, long length, String type,
            byte[] data) {

        static NdParts parse(byte[] b) throws Exception {
            try (java.io.DataInputStream in = new java.io.DataInputStream(new java.io.ByteArrayInputStream(b))) {
                String mode = in.readUTF();
                long[] info = new long[(int) in.readLong()];
                String infoType = in.readUTF();
                for (int i = 0; i < info.length; i++) {
                    info[i] = in.readLong();
                }
                String mode2 = in.readUTF();
                long length = in.readLong();
                String type = in.readUTF();
                return new NdParts(mode, info, infoType, mode2, length, type, in.readAllBytes());
            }
        }

        byte[] bytes() throws Exception {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (java.io.DataOutputStream d = new java.io.DataOutputStream(out)) {
                d.writeUTF(mode);
                d.writeLong(info.length);
                d.writeUTF(infoType);
                for (long v : info) {
                    d.writeLong(v);
                }
                d.writeUTF(mode2);
                d.writeLong(length);
                d.writeUTF(type);
                d.write(data);
            }
            return out.toByteArray();
        }
    }

    private interface PartsEdit {
        NdParts apply(NdParts p);
    }

    /** Rewrites coefficients.bin through an edit of its parts and recomputes every checksum, as an attacker would. */
    private Path craftedCoefficients(String name, PartsEdit edit) throws Exception {
        Path f = tmp.resolve("model.zip");
        ModelArchive.write(f, trained(), ModelArchive.Include.WEIGHTS, Map.of());
        return rewriteWithChecksums(f, tmp.resolve(name), (n, b) -> {
            if (!n.equals(ModelArchive.COEFFICIENTS)) {
                return b;
            }
            try {
                return edit.apply(NdParts.parse(b)).bytes();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, null);
    }

    /**
     * The 11 KB attack of issue #18: a huge length in the array header (checksums recomputed) made ND4J reserve
     * and touch ~16 GiB. Refused from the header, before any allocation (the test runs with a 2 GiB heap and
     * 3 GiB off-heap limit, so an allocation of that size would fail differently).
     */
    @Test
    void hugeLengthInAnArrayHeaderIsRefusedBeforeAllocation() throws Exception {
        Path f = craftedCoefficients("huge.zip", p -> new NdParts(p.mode(), p.info(), p.infoType(), p.mode2(),
                1L << 32, p.type(), p.data()));
        assertInvalid(f, "holds 4294967296 values");
        Path shape = craftedCoefficients("shape.zip", p -> {
            long[] info = p.info().clone();
            info[1] = 1L << 40; // the flattened parameters are a vector: info = [1, length, stride, …]
            return new NdParts(p.mode(), info, p.infoType(), p.mode2(), p.length(), p.type(), p.data());
        });
        assertInvalid(shape, "of shape [1099511627776] where the configuration needs");
        Path type = craftedCoefficients("type.zip", p -> new NdParts(p.mode(), p.info(), p.infoType(), p.mode2(),
                p.length(), "UTF8", p.data()));
        assertInvalid(type, "data type UTF8 is not FLOAT or DOUBLE");
        Path rank = craftedCoefficients("rank.zip", p -> {
            long[] info = p.info().clone();
            info[0] = 7;
            return new NdParts(p.mode(), info, p.infoType(), p.mode2(), p.length(), p.type(), p.data());
        });
        assertInvalid(rank, "rank 7 does not match");
        Path shortData = craftedCoefficients("short.zip", p -> new NdParts(p.mode(), p.info(), p.infoType(),
                p.mode2(), p.length(), p.type(), java.util.Arrays.copyOf(p.data(), p.data().length - 4)));
        assertInvalid(shortData, "data bytes where");
    }

    /** A configuration that declares billions of parameters is refused before the network is built. */
    @Test
    void configurationDeclaringTooManyParametersIsRefused() throws Exception {
        Path f = tmp.resolve("model.zip");
        ModelArchive.write(f, trained(), ModelArchive.Include.WEIGHTS, Map.of());
        Path big = rewriteWithChecksums(f, tmp.resolve("big.zip"), (n, b) -> !n.equals(ModelArchive.CONFIGURATION)
                ? b : new String(b, StandardCharsets.UTF_8).replaceFirst("\"nout\" : \\d+", "\"nout\" : 1000000000")
                        .getBytes(StandardCharsets.UTF_8), null);
        assertInvalid(big, "parameters");
    }

    /**
     * A small file with a large zero-filled entry under an accepted name (1 GiB in issue #18, 64 MiB here: any size
     * above the caps shows it) is refused while inflating, long before it could exhaust memory.
     */
    @Test
    void zipBombsAndOversizedEntriesAreRefusedWhileInflating() throws Exception {
        Path f = tmp.resolve("model.zip");
        ModelArchive.write(f, trained(), ModelArchive.Include.WEIGHTS, Map.of());
        Path bomb = rewrite(f, tmp.resolve("bomb.zip"), (n, b) -> b, Map.entry("reglab/blob", new byte[64 << 20]));
        assertTrue(Files.size(bomb) < 1 << 20, "the bomb is small: " + Files.size(bomb));
        assertInvalid(bomb, "inflates more than 100 times");
        byte[] noise = new byte[2 << 20];
        new java.util.Random(1).nextBytes(noise);
        Path big = rewrite(f, tmp.resolve("big-coefficients.zip"), (n, b) -> n.equals(ModelArchive.COEFFICIENTS)
                ? noise : b, null);
        assertInvalid(big, "is larger than the");
    }

    private static Path rewriteWithChecksums(Path in, Path out, Edit edit, Map.Entry<String, byte[]> extra)
            throws Exception {
        Map<String, byte[]> entries = new java.util.LinkedHashMap<>();
        CraftedArchives.entries(Files.readAllBytes(in)).forEach((name, bytes) -> entries.put(name,
                edit.apply(name, bytes)));
        if (extra != null) {
            entries.put(extra.getKey(), extra.getValue());
        }
        return Files.write(out, CraftedArchives.zipWithChecksums(entries));
    }

    @Test
    void extraNamesAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> ModelArchive.write(tmp.resolve("m.zip"), trained(),
                ModelArchive.Include.WEIGHTS,
                Map.of("../x", new byte[0])));
    }
}
