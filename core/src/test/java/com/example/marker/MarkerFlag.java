package com.example.marker;

/** Whether {@link StaticMarker} was initialized; a class of its own, so reading it initializes only this one. */
public final class MarkerFlag {

    /** Set by {@link StaticMarker}'s static initializer. */
    public static volatile boolean initialized;

    private MarkerFlag() {
    }
}
