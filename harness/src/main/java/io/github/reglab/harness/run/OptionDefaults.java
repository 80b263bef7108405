package io.github.reglab.harness.run;

import java.util.Map;

import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Per-application defaults for options declared elsewhere (the shared {@link CommonOptions}). A command names a
 * subclass in {@code @Command(defaultValueProvider = ...)}; picocli then shows the values in {@code --help}.
 * Options not in the map keep their own {@code defaultValue}.
 */
public abstract class OptionDefaults implements IDefaultValueProvider {

    private final Map<String, String> defaults;

    /**
     * @param defaults option name (e.g. {@code --epochs}) to default value
     */
    protected OptionDefaults(Map<String, String> defaults) {
        this.defaults = Map.copyOf(defaults);
    }

    @Override
    public String defaultValue(ArgSpec argSpec) {
        if (argSpec instanceof OptionSpec option) {
            return defaults.get(option.longestName());
        }
        return null;
    }
}
