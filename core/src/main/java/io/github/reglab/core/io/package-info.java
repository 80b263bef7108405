/**
 * Reading and writing model files safely. {@link io.github.reglab.core.io.ModelArchive} writes DL4J's own zip layout
 * (so DL4J tools can read the files) plus checksums and extra entries, and reads it back without ever using Java
 * serialization: DL4J M2.1's {@code ModelSerializer} deserializes a {@code preprocessor.bin} entry with
 * {@code ObjectInputStream}, so a crafted model file could run code when loaded. Every application loads models
 * through this package.
 */
package io.github.reglab.core.io;
