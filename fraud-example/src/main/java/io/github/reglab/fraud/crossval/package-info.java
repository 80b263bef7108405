/**
 * {@code ./suite crossval}: cross-validated search over regularization settings of the fraud network, and its
 * report (CSV, markdown, JSON, regularization-path and sparsity charts).
 */
package io.github.reglab.fraud.crossval;
