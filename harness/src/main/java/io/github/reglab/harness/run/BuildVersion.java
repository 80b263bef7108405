package io.github.reglab.harness.run;

import picocli.CommandLine;
import picocli.CommandLine.IVersionProvider;

/**
 * The one {@code --version} answer of every command and subcommand: this project's version and the DL4J release it
 * was built against, both read from the build ({@link Versions}), and the JVM running it. {@link AppLauncher}
 * installs it on the whole command tree, so no command carries a version string of its own.
 */
public final class BuildVersion implements IVersionProvider {

    private final String command;

    /**
     * Creates the provider for one command.
     *
     * @param command the command's qualified name as picocli prints it, e.g. {@code fraud train}
     */
    public BuildVersion(String command) {
        this.command = command;
    }

    @Override
    public String[] getVersion() {
        Versions v = Versions.current();
        return new String[] {"reglab " + command + " " + v.reglab() + " (DL4J " + v.dl4j() + ", Java " + v.java()
                + ", " + v.os() + " " + v.osArch() + ")"};
    }

    /**
     * Installs a provider on a command and every subcommand below it.
     *
     * @param cl the command line
     */
    static void installOn(CommandLine cl) {
        cl.getCommandSpec().versionProvider(new BuildVersion(cl.getCommandSpec().qualifiedName()));
        for (CommandLine sub : cl.getSubcommands().values()) {
            installOn(sub);
        }
    }
}
