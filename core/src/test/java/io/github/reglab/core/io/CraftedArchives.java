package io.github.reglab.core.io;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import io.github.reglab.core.internal.LibraryJson;

/** Model files as an attacker writes them: entries edited at will, checksums recomputed. For the tests only. */
final class CraftedArchives {

    private CraftedArchives() {
    }

    /**
     * Returns a zip's entries.
     *
     * @param zip the file's bytes
     * @return name to content, in file order
     * @throws IOException when the bytes are not a zip
     */
    static Map<String, byte[]> entries(byte[] zip) throws IOException {
        Map<String, byte[]> m = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                m.put(e.getName(), in.readAllBytes());
            }
        }
        return m;
    }

    /**
     * Zips entries with a freshly computed {@code reglab/checksums.json} (any such entry given is replaced).
     *
     * @param entries name to content
     * @return the zip's bytes
     * @throws IOException never in practice (in memory)
     */
    static byte[] zipWithChecksums(Map<String, byte[]> entries) throws IOException {
        Map<String, String> sums = new TreeMap<>();
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                if (!e.getKey().equals(ModelArchive.CHECKSUMS)) {
                    sums.put(e.getKey(), HexFormat.of().formatHex(sha.digest(e.getValue())));
                }
            }
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                if (!e.getKey().equals(ModelArchive.CHECKSUMS)) {
                    z.putNextEntry(new ZipEntry(e.getKey()));
                    z.write(e.getValue());
                    z.closeEntry();
                }
            }
            z.putNextEntry(new ZipEntry(ModelArchive.CHECKSUMS));
            z.write(LibraryJson.mapper().writeValueAsBytes(sums));
            z.closeEntry();
        }
        return out.toByteArray();
    }
}
