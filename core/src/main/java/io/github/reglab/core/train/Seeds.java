package io.github.reglab.core.train;

/**
 * Seeds as ND4J's random generator takes them. libnd4j 1.0.0-M2.1 treats a generator seed of 0 as no seed: after
 * {@code Nd4j.getRandom().setSeed(0)}, and in a network configured with {@code .seed(0)}, the same operations draw
 * different numbers in every run (measured: weight initialization, dropout masks, {@code Nd4j.rand}), while any
 * other seed repeats exactly. Every seed this project hands to ND4J goes through {@link #nd4j(long)}, so that a
 * user's {@code --seed 0} is as reproducible as any other.
 */
public final class Seeds {

    /** What 0 becomes: the golden-ratio constant of SplitMix64, a seed no user is likely to pass as well. */
    static final long ZERO_REPLACEMENT = 0x9E3779B97F4A7C15L;

    private Seeds() {
    }

    /**
     * The seed to give ND4J for a user's seed.
     *
     * @param seed any seed
     * @return the same seed, except that 0 becomes {@link #ZERO_REPLACEMENT}
     */
    public static long nd4j(long seed) {
        return seed == 0 ? ZERO_REPLACEMENT : seed;
    }
}
