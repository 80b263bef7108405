package io.github.reglab.crossval.search;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A parameter space: parameter name to {@link Domain}. Grid search takes every combination of list-valued
 * parameters; random search draws each parameter independently.
 *
 * <p>Text form, one parameter per entry: {@code l2=0,1e-4,1e-3} (a list), {@code proximal=true,false},
 * {@code dropout=uniform:0:0.5}, {@code l1=log:1e-6:1e-2}.
 */
public final class ParamSpace {

    /** The most configurations a grid may have: the same cap as random search's trials. */
    public static final int MAX_CONFIGURATIONS = 100_000;

    private final Map<String, Domain> domains;

    /**
     * Creates the space.
     *
     * @param domains parameter name to domain, in the order results should list them
     */
    public ParamSpace(Map<String, Domain> domains) {
        this.domains = Collections.unmodifiableMap(new LinkedHashMap<>(domains));
    }

    /**
     * Parses entries such as {@code l1=1e-5,1e-4} or {@code dropout=uniform:0:0.5}.
     *
     * @param entries the entries
     * @return the space
     * @throws IllegalArgumentException naming the malformed entry
     */
    public static ParamSpace parse(List<String> entries) {
        Map<String, Domain> d = new LinkedHashMap<>();
        for (String entry : entries) {
            int eq = entry.indexOf('=');
            if (eq <= 0 || eq == entry.length() - 1) {
                throw new IllegalArgumentException("parameter entry '" + entry + "' must look like name=v1,v2 or "
                        + "name=log:LOW:HIGH or name=uniform:LOW:HIGH");
            }
            String name = entry.substring(0, eq).trim();
            String spec = entry.substring(eq + 1).trim();
            if (d.containsKey(name)) {
                throw new IllegalArgumentException("parameter '" + name + "' is given twice");
            }
            d.put(name, parseDomain(name, spec));
        }
        return new ParamSpace(d);
    }

    private static Domain parseDomain(String name, String spec) {
        String lower = spec.toLowerCase(Locale.ROOT);
        if (lower.startsWith("log:") || lower.startsWith("uniform:")) {
            String[] p = spec.split(":");
            if (p.length != 3) {
                throw new IllegalArgumentException("parameter '" + name + "': range '" + spec + "' must look like "
                        + p[0] + ":LOW:HIGH");
            }
            double lo = number(name, p[1]);
            double hi = number(name, p[2]);
            try {
                return lower.startsWith("log:") ? new Domain.LogUniform(lo, hi) : new Domain.Uniform(lo, hi);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("parameter '" + name + "': " + e.getMessage(), e);
            }
        }
        List<Object> values = new ArrayList<>();
        for (String v : spec.split(",", -1)) {
            String t = v.trim();
            if (t.equalsIgnoreCase("true") || t.equalsIgnoreCase("false")) {
                values.add(Boolean.parseBoolean(t));
            } else {
                values.add(number(name, t));
            }
        }
        return new Domain.Values(values);
    }

    private static double number(String name, String text) {
        try {
            double v = Double.parseDouble(text.trim());
            if (!Double.isFinite(v)) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("parameter '" + name + "': '" + text + "' is not a finite number "
                    + "(or true/false)", e);
        }
    }

    /**
     * Returns parameter name to domain.
     *
     * @return parameter name to domain
     */
    public Map<String, Domain> domains() {
        return domains;
    }

    /**
     * Checks every parameter against what the evaluator accepts.
     *
     * @param accepted parameter name to range
     * @return this
     * @throws IllegalArgumentException naming the unknown parameter (with the known ones) or the bad value
     */
    public ParamSpace check(Map<String, ParamRange> accepted) {
        if (domains.isEmpty()) {
            throw new IllegalArgumentException("the parameter space is empty; give at least one parameter, e.g. "
                    + "l2=1e-5,1e-4,1e-3");
        }
        domains.forEach((name, domain) -> {
            ParamRange r = accepted.get(name);
            if (r == null) {
                throw new IllegalArgumentException("unknown parameter '" + name + "'; known: "
                        + String.join(", ", accepted.keySet()));
            }
            r.check(name, domain);
        });
        return this;
    }

    /**
     * Returns every combination, the first parameter varying slowest.
     *
     * @return every combination, the first parameter varying slowest
     * @throws IllegalArgumentException when a parameter is a range (ranges need random search), or the grid has
     *     more than {@link #MAX_CONFIGURATIONS} combinations (counted before any is built)
     */
    public List<Config> grid() {
        long size = 1;
        for (Map.Entry<String, Domain> e : domains.entrySet()) {
            if (e.getValue() instanceof Domain.Values values) {
                size = Math.multiplyExact(size, Math.max(1, values.values().size()));
                if (size > MAX_CONFIGURATIONS) {
                    throw new IllegalArgumentException("the grid has more than " + MAX_CONFIGURATIONS
                            + " combinations (at '" + e.getKey() + "'); search it at random (trials) or give fewer "
                            + "values");
                }
            }
        }
        List<Map<String, Object>> partial = new ArrayList<>();
        partial.add(new LinkedHashMap<>());
        for (Map.Entry<String, Domain> e : domains.entrySet()) {
            if (!(e.getValue() instanceof Domain.Values values)) {
                throw new IllegalArgumentException("parameter '" + e.getKey() + "' is a range; ranges need random "
                        + "search (sample(trials, seed))");
            }
            List<Map<String, Object>> next = new ArrayList<>();
            for (Map<String, Object> p : partial) {
                for (Object v : values.values()) {
                    Map<String, Object> m = new LinkedHashMap<>(p);
                    m.put(e.getKey(), v);
                    next.add(m);
                }
            }
            partial = next;
        }
        List<Config> configs = new ArrayList<>(partial.size());
        for (Map<String, Object> m : partial) {
            configs.add(new Config(configs.size(), m));
        }
        return configs;
    }

    /**
     * Returns that many configurations drawn independently (a repeated draw is kept.
     *
     * @param trials the number of configurations, &ge; 1
     * @param seed the drawing seed
     * @return that many configurations drawn independently (a repeated draw is kept: it costs a rerun, not a bias)
     */
    public List<Config> random(int trials, long seed) {
        if (trials < 1) {
            throw new IllegalArgumentException("trials must be >= 1, found " + trials);
        }
        SplittableRandom random = new SplittableRandom(seed);
        List<Config> configs = new ArrayList<>(trials);
        for (int t = 0; t < trials; t++) {
            Map<String, Object> m = new LinkedHashMap<>();
            domains.forEach((name, domain) -> m.put(name, domain.draw(random)));
            configs.add(new Config(t, m));
        }
        return configs;
    }
}
