package io.github.reglab.image;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import io.github.reglab.core.io.AtomicFiles;
import io.github.reglab.harness.data.DataFormatException;
import io.github.reglab.harness.run.Progress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Locates (and if need be downloads) Fashion-MNIST's four IDX files.
 *
 * <p>Search order: {@code --data DIR}, then {@code $FASHION_MNIST_DIR}, then {@code /usr/share/datasets/fashion-mnist}
 * (Debian's {@code dataset-fashion-mnist} package), then the user cache {@code ~/.cache/reglab/fashion-mnist}. When
 * none holds the files, they are downloaded from the official address into the cache with a progress bar, and each
 * file's decompressed content is checked against its SHA-256; without network this fails within seconds with a
 * message saying how to get the files.
 */
public final class FashionMnist {

    /** The ten classes, in label order. */
    public static final List<String> CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");
    /** Debian's location. */
    public static final Path DEBIAN_DIR = Path.of("/usr/share/datasets/fashion-mnist");
    /** Environment variable naming a folder with the files. */
    public static final String ENV = "FASHION_MNIST_DIR";
    /** The official download address. */
    public static final String BASE_URL = "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/";

    static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
    static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
    static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
    static final String TEST_LABELS = "t10k-labels-idx1-ubyte";

    /** SHA-256 of each file's decompressed content (the IDX bytes). */
    static final Map<String, String> SHA256 = Map.of(
            TRAIN_IMAGES, "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
            TRAIN_LABELS, "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9",
            TEST_IMAGES, "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b",
            TEST_LABELS, "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34");

    private static final Logger LOG = LoggerFactory.getLogger(FashionMnist.class);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private FashionMnist() {
    }

    /**
     * The training and test parts.
     *
     * @param train the 60,000 training images (or fewer with a limit)
     * @param test the 10,000 test images (or fewer)
     * @param folder where the files were found
     */
    public record Parts(ImageSet train, ImageSet test, Path folder) {
    }

    /**
     * @param explicit the folder given with {@code --data}, or null
     * @param trainLimit read at most this many training images (0 for all)
     * @param testLimit read at most this many test images (0 for all)
     * @return both parts
     */
    public static Parts load(Path explicit, int trainLimit, int testLimit) {
        Path dir = locate(explicit);
        return new Parts(IdxFiles.read(file(dir, TRAIN_IMAGES), file(dir, TRAIN_LABELS), CLASSES, trainLimit),
                IdxFiles.read(file(dir, TEST_IMAGES), file(dir, TEST_LABELS), CLASSES, testLimit), dir);
    }

    /**
     * @param explicit the folder given with {@code --data}, or null
     * @return the first folder holding all four files, downloading them when none does
     */
    public static Path locate(Path explicit) {
        if (explicit != null) {
            if (!complete(explicit)) {
                throw new DataFormatException("--data " + explicit + " does not hold the four Fashion-MNIST files "
                        + "(train-images-idx3-ubyte[.gz], train-labels-idx1-ubyte[.gz], t10k-images-idx3-ubyte[.gz], "
                        + "t10k-labels-idx1-ubyte[.gz])");
            }
            return explicit;
        }
        List<Path> candidates = new ArrayList<>();
        String env = System.getenv(ENV);
        if (env != null && !env.isBlank()) {
            candidates.add(Path.of(env));
        }
        candidates.add(DEBIAN_DIR);
        Path cache = cacheDir();
        candidates.add(cache);
        for (Path c : candidates) {
            if (complete(c)) {
                return c;
            }
        }
        download(cache, BASE_URL);
        return cache;
    }

    /**
     * @return {@code ~/.cache/reglab/fashion-mnist} (or under {@code $XDG_CACHE_HOME})
     */
    public static Path cacheDir() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("reglab").resolve("fashion-mnist");
    }

    static boolean complete(Path dir) {
        for (String f : SHA256.keySet()) {
            if (find(dir, f) == null) {
                return false;
            }
        }
        return true;
    }

    static Path file(Path dir, String name) {
        Path p = find(dir, name);
        if (p == null) {
            throw new DataFormatException("Fashion-MNIST file " + name + "[.gz] is missing from " + dir);
        }
        return p;
    }

    private static Path find(Path dir, String name) {
        for (Path p : List.of(dir.resolve(name + ".gz"), dir.resolve(name))) {
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }

    /**
     * Downloads the four files that are missing from {@code cache}, checking each one's content.
     *
     * @param cache the folder to fill
     * @param baseUrl the address the file names are appended to
     */
    static void download(Path cache, String baseUrl) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        try {
            Files.createDirectories(cache);
            for (Map.Entry<String, String> e : SHA256.entrySet()) {
                Path target = cache.resolve(e.getKey() + ".gz");
                if (Files.isRegularFile(target)) {
                    continue;
                }
                URI uri = URI.create(baseUrl + e.getKey() + ".gz");
                LOG.info("Downloading {}", uri);
                HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(uri)
                        .timeout(Duration.ofMinutes(10)).build(), HttpResponse.BodyHandlers.ofInputStream());
                if (r.statusCode() != 200) {
                    throw new IOException("HTTP " + r.statusCode() + " for " + uri);
                }
                long total = r.headers().firstValueAsLong("content-length").orElse(-1);
                byte[] body;
                try (InputStream in = r.body(); Progress p = Progress.start("download " + e.getKey(), total)) {
                    java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
                    byte[] chunk = new byte[1 << 16];
                    for (int n; (n = in.read(chunk)) > 0; ) {
                        buf.write(chunk, 0, n);
                        p.step(n);
                    }
                    body = buf.toByteArray();
                }
                String sha = contentSha256(body);
                if (!sha.equals(e.getValue())) {
                    throw new IOException("checksum mismatch for " + uri + ": SHA-256 of the content is " + sha
                            + ", expected " + e.getValue());
                }
                AtomicFiles.write(target, out -> out.write(body));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Fashion-MNIST was not found and could not be downloaded (" + e
                    + "). Install Debian's package (apt-get install dataset-fashion-mnist), set " + ENV
                    + " or pass --data DIR with the four IDX files from " + baseUrl, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while downloading Fashion-MNIST", e);
        }
    }

    private static String contentSha256(byte[] gz) throws IOException {
        try (DigestInputStream in = new DigestInputStream(new GZIPInputStream(new java.io.ByteArrayInputStream(gz)),
                MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(in.getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }
}
