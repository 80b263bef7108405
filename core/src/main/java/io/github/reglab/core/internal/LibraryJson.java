package io.github.reglab.core.internal;

import org.nd4j.shade.jackson.core.JsonGenerator;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.SerializationFeature;

/**
 * The JSON mapper of the library's own files (checkpoint state, model-archive checksums, training histories):
 * DL4J's shaded Jackson, which DL4J brings anyway, so that reusing {@code core} adds no Jackson of its own to a
 * project's class path. Records read and write as objects; output is indented; writing never closes the stream it
 * is given (the caller owns it).
 */
public final class LibraryJson {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

    private LibraryJson() {
    }

    /**
     * Returns the shared mapper.
     *
     * @return the mapper; do not reconfigure it
     */
    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
