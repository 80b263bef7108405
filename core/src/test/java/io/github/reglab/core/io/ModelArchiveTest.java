package io.github.reglab.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
        ModelArchive.write(f, net, ModelArchive.Include.WEIGHTS_AND_UPDATER, Map.of("threshold.json", "{\"t\":0.5}".getBytes(StandardCharsets.UTF_8)));
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

    @Test
    void extraNamesAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> ModelArchive.write(tmp.resolve("m.zip"), trained(), ModelArchive.Include.WEIGHTS,
                Map.of("../x", new byte[0])));
    }
}
