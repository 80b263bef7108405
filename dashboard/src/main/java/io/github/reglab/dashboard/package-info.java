/**
 * The optional live training dashboard ({@code --ui}): DL4J's own training UI, started on a chosen port, fed by a
 * {@code StatsListener}. A module of its own so that library users of {@code core} do not carry its web server.
 */
package io.github.reglab.dashboard;
