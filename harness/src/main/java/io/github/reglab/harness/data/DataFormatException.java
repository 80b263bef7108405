package io.github.reglab.harness.data;

/**
 * Input data that cannot be used; the message names the file and, where it applies, the line, column and value.
 */
public final class DataFormatException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what is wrong and where
     */
    public DataFormatException(String message) {
        super(message);
    }
}
