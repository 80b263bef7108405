package io.github.reglab.harness.run;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * An input data file as recorded in a manifest.
 *
 * @param path the absolute path
 * @param bytes the size in bytes
 * @param sha256 the SHA-256 of its content, lower-case hex
 */
public record InputFile(String path, long bytes, String sha256) {

    private static final int BUFFER = 1 << 16;

    /**
     * Reads a file once and fingerprints it.
     *
     * @param file the file
     * @return its record
     * @throws UncheckedIOException naming the file when it cannot be read
     */
    public static InputFile of(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[BUFFER];
            long total = 0;
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
                total += n;
            }
            return new InputFile(file.toAbsolutePath().normalize().toString(), total,
                    HexFormat.of().formatHex(md.digest()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read input file " + file + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }
}
