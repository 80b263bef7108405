/**
 * Pictures and tables of results: PNG line charts (training curves with a best-epoch marker, ROC and PR curves,
 * regularization paths with error bars on a log axis), bar charts, histograms and image grids, all rendered
 * headless with XChart or Java2D and written atomically into the run folder.
 */
package io.github.reglab.harness.report;
