package io.github.reglab.core.step;

import java.util.Arrays;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * One preallocated array of a per-example shape, for any minibatch size up to the largest seen: the storage is a
 * flat buffer outside every workspace, and {@link #view(int)} gives its first {@code n} examples as a contiguous
 * {@code [n, shape...]} array in 'c' order. The storage grows (once) when a larger minibatch arrives.
 */
final class Slab {

    private final DataType type;
    private final long[] perExample;
    private final long exampleLength;
    private INDArray storage;
    private int capacity;
    /** The views handed out, by minibatch size: the same object every time, so bound operations stay valid. */
    private final java.util.Map<Integer, INDArray> views = new java.util.HashMap<>(4);
    /** Where the slabs made on this thread are listed while a step builds, or null. */
    private static final ThreadLocal<java.util.List<Slab>> COLLECTOR = new ThreadLocal<>();

    /**
     * Lists every slab made on this thread from now on into a list (a step building its nodes), or stops listing.
     *
     * @param into the list, or null to stop
     */
    static void collectInto(java.util.List<Slab> into) {
        if (into == null) {
            COLLECTOR.remove();
        } else {
            COLLECTOR.set(into);
        }
    }

    /**
     * @param n a minibatch size
     * @return the bytes of storage n examples take (what {@link #view(int)} allocates for them)
     */
    long bytes(int n) {
        return n * exampleLength * type.width();
    }

    /** @return the bytes of storage allocated now */
    long allocatedBytes() {
        return storage == null ? 0 : storage.length() * type.width();
    }

    /** Frees the storage now; the views handed out are invalid afterwards, a later {@link #view} allocates again. */
    void free() {
        views.clear();
        if (storage != null && storage.closeable()) {
            storage.close();
        }
        storage = null;
        capacity = 0;
    }

    /**
     * Creates an empty slab.
     *
     * @param type the element type
     * @param perExample the shape of one example (empty for one scalar per example)
     */
    Slab(DataType type, long... perExample) {
        this.type = type;
        this.perExample = perExample.clone();
        long len = 1;
        for (long d : perExample) {
            len *= d;
        }
        this.exampleLength = len;
        java.util.List<Slab> collector = COLLECTOR.get();
        if (collector != null) {
            collector.add(this);
        }
    }

    /**
     * Returns the first n examples' part of the storage.
     *
     * @param n the minibatch size, &ge; 1
     * @return a contiguous 'c'-order view of shape {@code [n, perExample...]}, the same object for the same n
     *     (unless a larger minibatch grew the storage since)
     */
    @SuppressWarnings("try") // the scope is what matters: the storage outlives every workspace
    INDArray view(int n) {
        INDArray cached = views.get(n);
        if (cached != null) {
            return cached;
        }
        if (n > capacity) {
            views.clear();
            try (MemoryWorkspace outside = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
                storage = Nd4j.createUninitialized(type, n * exampleLength);
            }
            capacity = n;
        }
        long[] shape = new long[perExample.length + 1];
        shape[0] = n;
        System.arraycopy(perExample, 0, shape, 1, perExample.length);
        INDArray flat = n * exampleLength == storage.length() ? storage
                : storage.get(NDArrayIndex.interval(0, n * exampleLength));
        INDArray view = flat.reshape('c', shape);
        views.put(n, view);
        return view;
    }

    /**
     * Returns how many examples the storage holds.
     *
     * @return the largest minibatch size seen so far
     */
    int capacity() {
        return capacity;
    }

    /**
     * Returns the per-example shape.
     *
     * @return a copy of the per-example shape
     */
    long[] perExample() {
        return perExample.clone();
    }

    @Override
    public String toString() {
        return "Slab" + Arrays.toString(perExample) + " " + type;
    }
}
