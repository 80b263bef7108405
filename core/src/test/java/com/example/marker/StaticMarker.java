package com.example.marker;

/** A class whose loading is visible: its static initializer sets {@link MarkerFlag#initialized}. */
public final class StaticMarker {

    static {
        MarkerFlag.initialized = true;
    }

    private StaticMarker() {
    }
}
