package io.github.reglab.harness.run;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * Library, JVM and operating-system versions, as recorded in every manifest.
 *
 * @param reglab this project's version
 * @param dl4j the Deeplearning4j/ND4J version built against
 * @param java {@code java.version}
 * @param javaVendor {@code java.vendor}
 * @param jvm {@code java.vm.name} and {@code java.vm.version}
 * @param os {@code os.name}
 * @param osVersion {@code os.version}
 * @param osArch {@code os.arch}
 */
public record Versions(String reglab, String dl4j, String java, String javaVendor, String jvm, String os,
        String osVersion, String osArch) {

    private static final String RESOURCE = "/io/github/reglab/harness/versions.properties";

    /**
     * @return the versions of this JVM and of the libraries on its class path
     */
    public static Versions current() {
        Properties p = new Properties();
        try (InputStream in = Versions.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCE + " is missing from reglab-core's jar");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        return new Versions(p.getProperty("reglab.version"), p.getProperty("dl4j.version"),
                System.getProperty("java.version"), System.getProperty("java.vendor"),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version"),
                System.getProperty("os.name"), System.getProperty("os.version"), System.getProperty("os.arch"));
    }
}
