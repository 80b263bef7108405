package io.github.reglab.fraud.data;

/**
 * What to do with a row that cannot be used (a value that is not a number, NaN or infinite, a label other than 0
 * or 1, a wrong number of fields).
 */
public enum BadRows {
    /** Stop with an error naming the file, line, column and value. The default. */
    FAIL,
    /** Leave the row out and count it by reason (reported in metrics and the manifest). */
    SKIP
}
