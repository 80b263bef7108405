package io.github.reglab.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The download path against a server on the loopback interface: the real files (from Debian's package) pass the
 * checksums, a wrong file is rejected, and a closed port fails within seconds with instructions.
 */
class FashionMnistDownloadTest {

    @TempDir
    Path tmp;

    private HttpServer serve(Path dir, boolean corrupt) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            Path f = dir.resolve(exchange.getRequestURI().getPath().substring(1));
            byte[] body = Files.isRegularFile(f) ? Files.readAllBytes(f) : new byte[0];
            if (corrupt && body.length > 0) {
                body = gzip(new byte[] {0, 0, 8, 1, 0, 0, 0, 0});
            }
            exchange.sendResponseHeaders(body.length > 0 ? 200 : 404, body.length > 0 ? body.length : -1);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return server;
    }

    /** A valid gzip stream whose content is not the expected file (a label-file header with 0 labels). */
    private static byte[] gzip(byte[] content) throws java.io.IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(bytes)) {
            gz.write(content);
        }
        return bytes.toByteArray();
    }

    @Test
    void downloadsAndVerifiesTheFiles() throws Exception {
        assertTrue(FashionMnist.complete(FashionMnist.DEBIAN_DIR), "needs Debian's dataset-fashion-mnist");
        HttpServer server = serve(FashionMnist.DEBIAN_DIR, false);
        try {
            Path cache = tmp.resolve("cache");
            FashionMnist.download(cache, "http://127.0.0.1:" + server.getAddress().getPort() + "/");
            assertTrue(FashionMnist.complete(cache));
            assertEquals(Files.size(FashionMnist.DEBIAN_DIR.resolve("t10k-labels-idx1-ubyte.gz")),
                    Files.size(cache.resolve("t10k-labels-idx1-ubyte.gz")));
        } finally {
            server.stop(0);
        }
    }

    @Test
    void wrongContentIsRejected() throws Exception {
        assertTrue(FashionMnist.complete(FashionMnist.DEBIAN_DIR), "needs Debian's dataset-fashion-mnist");
        HttpServer server = serve(FashionMnist.DEBIAN_DIR, true);
        try {
            Path cache = tmp.resolve("cache");
            UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> FashionMnist.download(cache,
                    "http://127.0.0.1:" + server.getAddress().getPort() + "/"));
            assertTrue(e.getMessage().contains("checksum mismatch"), e.getMessage());
            assertFalse(FashionMnist.complete(cache), "nothing unverified is kept");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void noNetworkFailsFastWithInstructions() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        long t0 = System.nanoTime();
        UncheckedIOException e = assertThrows(UncheckedIOException.class,
                () -> FashionMnist.download(tmp.resolve("c"), "http://127.0.0.1:" + port + "/"));
        assertTrue((System.nanoTime() - t0) / 1e9 < 10, "fails within seconds");
        assertTrue(e.getMessage().contains("apt-get install dataset-fashion-mnist")
                && e.getMessage().contains("--data DIR"), e.getMessage());
    }
}
