/**
 * Helpers of the library's own packages, not API: they may change or go without notice. Nothing outside
 * {@code io.github.reglab.core} should use them.
 */
package io.github.reglab.core.internal;
