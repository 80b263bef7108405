package io.github.reglab.fraud.crossval;

import io.github.reglab.harness.run.AppLauncher;

/**
 * Entry point of {@code ./suite crossval}; runnable from an IDE.
 */
public final class CrossvalApp {

    private CrossvalApp() {
    }

    /**
     * @param args command-line arguments (see {@code --help})
     */
    public static void main(String[] args) {
        System.exit(AppLauncher.execute(new SearchCommand(), args));
    }
}
