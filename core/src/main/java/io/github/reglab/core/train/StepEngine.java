package io.github.reglab.core.train;

/**
 * Which code runs each training step of {@link Trainer}.
 */
public enum StepEngine {
    /**
     * This library's {@link io.github.reglab.core.step.CompiledStep}: preallocated arrays, no defensive copies, the
     * loss computed once; the network's own parameters, updater and regularizers. The default. A network it does
     * not cover (or one with DL4J listeners attached, which expect every DL4J callback) trains with {@link #DL4J},
     * with one log line saying why.
     */
    COMPILED,
    /** DL4J's own {@code MultiLayerNetwork.fit} for every minibatch: for comparisons, and for networks the compiled
     * step does not cover. */
    DL4J
}
