package nl.zorgbrug.app.node;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * The keys under {@code zorgbrug.} the node knows, read from its settings records, and the check that every such
 * key in the configuration is one of them (issue 15: a misspelled {@code allowed-caller} or {@code urgnet} was
 * ignored and left a route open to any sender, or not urgent). Spring Boot's own check
 * ({@code ignoreUnknownFields = false}) cannot be used: {@code zorgbrug} and {@code zorgbrug.gateway} are bound
 * by different records, and each would call the other's keys unknown.
 */
final class SettingKeys {
    /** A key's element in the form Spring's relaxed binding compares: lower case, without dashes or underscores. */
    private static String uniform(String element) {
        return element.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
    }

    /** One level of keys: each known element with what may follow it. */
    private static final class Node {
        final Map<String, Node> children = new LinkedHashMap<>();
        final Map<String, String> spelling = new LinkedHashMap<>();
        /** A list: an index [n] may follow, then the element's own children. */
        boolean list;
        /** A map, or a value of a type not walked: anything may follow. */
        boolean open;

        Node child(String kebab) {
            spelling.put(uniform(kebab), kebab);
            return children.computeIfAbsent(uniform(kebab), k -> new Node());
        }
    }

    private final Node root = new Node();

    /** Adds the keys of a settings record bound at {@code prefix} (such as {@code zorgbrug.gateway}). */
    SettingKeys add(String prefix, Class<?> settings) {
        Node node = root;
        for (String element : prefix.split("\\.")) {
            node = node.child(element);
        }
        walk(node, settings);
        return this;
    }

    private static void walk(Node node, Type type) {
        Class<?> raw = type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : type instanceof Class<?> c ? c : null;
        if (raw == null || Map.class.isAssignableFrom(raw)) {
            node.open = true;
        } else if (Collection.class.isAssignableFrom(raw)) {
            node.list = true;
            if (type instanceof ParameterizedType p) {
                walk(node, p.getActualTypeArguments()[0]);
            }
        } else if (raw.isRecord()) {
            for (RecordComponent component : raw.getRecordComponents()) {
                walk(node.child(kebab(component.getName())), component.getGenericType());
            }
        }
        // Anything else is a value: nothing may follow it.
    }

    static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    /**
     * Every key under {@code zorgbrug.} in the configuration files, command line and system properties must be
     * known. Environment variables are not checked: application.yml reads {@code ZORGBRUG_*} variables as
     * placeholders, and they are not keys.
     */
    void check(ConfigurableEnvironment environment) {
        for (PropertySource<?> source : environment.getPropertySources()) {
            if (!(source instanceof EnumerablePropertySource<?> enumerable)
                    || StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME.equals(source.getName())) {
                continue;
            }
            for (String key : enumerable.getPropertyNames()) {
                if (key.toLowerCase(Locale.ROOT).startsWith("zorgbrug.")) {
                    Object value = enumerable.getProperty(key);
                    // A misspelled password key must not print the password.
                    check(key, key.toLowerCase(Locale.ROOT).contains("password") ? "(hidden)" : String.valueOf(value));
                }
            }
        }
    }

    void check(String key, String value) {
        Node node = root;
        StringBuilder known = new StringBuilder();
        for (String element : elements(key)) {
            if (node.open) {
                return;
            }
            if (element.startsWith("[")) {
                if (!node.list) {
                    throw new ConfigurationError(key, value, known + " is not a list");
                }
                known.append(element);
                continue;
            }
            Node next = node.children.get(uniform(element));
            if (next == null) {
                throw new ConfigurationError(key, value, "'" + element + "' is not a setting"
                        + (known.isEmpty() ? "" : " of " + known) + "; allowed: " + String.join(", ", node.spelling.values())
                        + closest(element, node.spelling.values()));
            }
            known.append(known.isEmpty() ? "" : ".").append(node.spelling.get(uniform(element)));
            node = next;
        }
    }

    /** zorgbrug.gateway.routes[0].allowed-caller: zorgbrug, gateway, routes, [0], allowed-caller. */
    private static List<String> elements(String key) {
        List<String> elements = new ArrayList<>();
        for (String dotted : key.split("\\.")) {
            int bracket = dotted.indexOf('[');
            elements.add(bracket < 0 ? dotted : dotted.substring(0, bracket));
            while (bracket >= 0) {
                int end = dotted.indexOf(']', bracket);
                elements.add(dotted.substring(bracket, end < 0 ? dotted.length() : end + 1));
                bracket = end < 0 ? -1 : dotted.indexOf('[', end);
            }
        }
        elements.removeIf(String::isEmpty);
        return elements;
    }

    /** "(did you mean allowed-callers?)" when one known key is a few typing errors away. */
    private static String closest(String typed, Collection<String> known) {
        String best = null;
        int bestDistance = 3;
        for (String k : known) {
            int d = distance(uniform(typed), uniform(k));
            if (d < bestDistance) {
                best = k;
                bestDistance = d;
            }
        }
        return best == null ? "" : " (did you mean " + best + "?)";
    }

    /** Levenshtein distance, with a swap of neighbours counted once (urgnet, urgent). */
    private static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            for (int j = 0; j <= b.length(); j++) {
                if (i == 0 || j == 0) {
                    d[i][j] = i + j;
                    continue;
                }
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
