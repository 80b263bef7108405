/**
 * The run harness every application shares: {@link io.github.reglab.harness.run.CommonOptions} (the options every
 * command takes), {@link io.github.reglab.harness.run.AppLauncher} (exit codes: 0 success, 1 failed run, 2 bad
 * command line), {@link io.github.reglab.harness.run.RunDirectory} (one folder a run, never silently overwritten,
 * files written atomically), {@link io.github.reglab.harness.run.RunManifest} (what ran, with what, on what) and
 * {@link io.github.reglab.harness.run.Progress} (a progress bar on a terminal, log lines elsewhere).
 */
package io.github.reglab.harness.run;
