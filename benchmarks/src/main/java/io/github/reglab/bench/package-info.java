/**
 * Benchmarks of the training path, run with {@code ./suite bench <name>}: each prints medians of several
 * interleaved samples, and ratios taken within each round so that machine noise affects both sides alike.
 */
package io.github.reglab.bench;
