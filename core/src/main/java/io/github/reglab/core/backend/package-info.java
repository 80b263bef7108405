/**
 * Which ND4J backend runs and how it is set up: {@link io.github.reglab.core.backend.NativeSetup} chooses the
 * fastest portable CPU natives and the off-heap limits before ND4J starts, {@link
 * io.github.reglab.core.backend.BackendInfo} describes the running backend (BLAS, oneDNN, threads, CPU features,
 * CUDA devices) for logs and manifests, and {@link io.github.reglab.core.backend.CudaSupport} tells whether a CUDA
 * device can run DL4J 1.0.0-M2.1 before anything is trained on it.
 */
package io.github.reglab.core.backend;
