/**
 * Compatibility bridge that lets DL4J 1.0.0-M2.1 find oneDNN. M2.1's layer helpers look up the pre-M1 class
 * {@code org.nd4j.nativeblas.Nd4jCpu$Environment}, which no longer exists (the bindings moved to
 * {@code org.nd4j.linalg.cpu.nativecpu.bindings}); without it they log "Cannot find class" and silently run
 * convolution and batch normalization without oneDNN. {@link org.nd4j.nativeblas.Nd4jCpu.Environment} restores
 * that name and delegates to the real native environment. Not API: nothing in this project calls it directly.
 */
package org.nd4j.nativeblas;
