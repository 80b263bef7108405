package io.github.reglab.harness.run;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The JSON mapper of the applications' files (manifests, metrics, reports, model metadata): records, {@code
 * java.time} values as ISO-8601 text, indented output, and writing never closes the stream it is given. The library
 * ({@code core}) has its own, on DL4J's shaded Jackson, for the files it writes itself.
 */
public final class Json {

    private static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

    /** {@link #MAPPER} with snake_case property names, for the metrics files (map keys are written as given). */
    private static final ObjectMapper REPORTS = MAPPER.copy()
            .setPropertyNamingStrategy(com.fasterxml.jackson.databind.PropertyNamingStrategies.SNAKE_CASE);

    private Json() {
    }

    /**
     * Returns the mapper of the metrics files ({@code metrics.json}): the shared one with every record and bean
     * property in snake_case, so that a record's {@code truePositives} sits beside a map's {@code
     * average_precision} as {@code true_positives}. Reading stays with {@link #mapper()}.
     *
     * @return the mapper; do not reconfigure it
     */
    public static ObjectMapper reports() {
        return REPORTS;
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
