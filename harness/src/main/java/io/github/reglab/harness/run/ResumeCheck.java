package io.github.reglab.harness.run;

import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What must stay the same for a run's checkpoint to be continued, read beside the {@link RunManifest} that records
 * it: the recorded configuration but {@code epochs} and {@code resume} (the only options a resumed run may change
 * are to train longer), the seed, and the data file's SHA-256 (absent for built-in data, whose options are
 * recorded). {@link #checkAgainst} refuses a resume under other settings before anything is written, and
 * {@link #runKey} is the key a checkpoint carries, so that the trainer itself refuses a checkpoint of another run.
 */
public final class ResumeCheck {

    private final ObjectNode settings;

    private ResumeCheck(ObjectNode settings) {
        this.settings = settings;
    }

    /**
     * The settings of a run about to start.
     *
     * @param configuration the configuration the manifest will record
     * @param seed the run's seed
     * @param dataSha256 the data file's SHA-256, or null for built-in data
     * @return the check
     */
    public static ResumeCheck of(Object configuration, long seed, String dataSha256) {
        return new ResumeCheck(settings(Json.mapper().valueToTree(configuration), seed, dataSha256));
    }

    private static ObjectNode settings(JsonNode configuration, long seed, String dataSha256) {
        ObjectNode c = configuration.isObject() ? ((ObjectNode) configuration).deepCopy()
                : Json.mapper().createObjectNode();
        c.remove(List.of("epochs", "resume"));
        c.put("seed", seed);
        if (dataSha256 != null) {
            c.put("dataSha256", dataSha256);
        }
        return c;
    }

    /**
     * Refuses to continue the run in {@code runFolder} when its manifest records other settings or data: the
     * checkpoint holds that run's network, so anything else would continue one network while recording another.
     *
     * @param runFolder the folder of the interrupted run
     * @throws OptionChecks.BadOptionException naming the manifest when it cannot be read, or every setting that
     *     differs, {@code before -> now}
     */
    public void checkAgainst(Path runFolder) {
        Path manifestFile = runFolder.resolve(RunManifest.FILE_NAME);
        JsonNode before;
        try {
            before = Json.mapper().readTree(manifestFile.toFile());
        } catch (IOException e) {
            throw new OptionChecks.BadOptionException("--resume: cannot read " + manifestFile + " of the run to "
                    + "continue: " + e.getMessage());
        }
        JsonNode sha = before.path("inputs").path(0).path("sha256");
        ObjectNode was = settings(before.path("configuration"), before.path("seed").asLong(),
                sha.isTextual() ? sha.asText() : null);
        List<String> differences = new ArrayList<>();
        differ("", was, settings, differences);
        if (!differences.isEmpty()) {
            throw new OptionChecks.BadOptionException("--resume: " + runFolder + " holds a run made with other "
                    + "settings: " + String.join("; ", differences) + ". Resume with the same options and data (only "
                    + "--epochs may change), or start a new run.");
        }
    }

    /**
     * Returns the key a checkpoint of this run carries: SHA-256 of the settings.
     *
     * @return 64 hexadecimal digits
     */
    public String runKey() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(Json.mapper().writeValueAsBytes(settings)));
        } catch (NoSuchAlgorithmException | IOException e) {
            throw new IllegalStateException("cannot compute the run key: " + e.getMessage(), e);
        }
    }

    private static void differ(String path, JsonNode was, JsonNode is, List<String> out) {
        if (is.isObject() && was.isObject()) {
            for (var it = is.fields(); it.hasNext(); ) {
                var e = it.next();
                differ(path.isEmpty() ? e.getKey() : path + "." + e.getKey(), was.path(e.getKey()), e.getValue(), out);
            }
        } else if (!is.equals(was) && !(is.isNumber() && was.isNumber() && is.asDouble() == was.asDouble())) {
            out.add(path + " " + (was.isMissingNode() ? "(absent)" : was.toString()) + " -> " + is);
        }
    }
}
