package nl.zorgbrug.app.node;

/**
 * A setting the node cannot start with (issue 15): which key, the value given, and what is allowed. The node
 * stops at start with these few lines ({@link ConfigurationErrorAnalyzer}) instead of running with a route open
 * to any sender because a key was misspelled.
 */
public final class ConfigurationError extends RuntimeException {
    private final String key;
    private final String value;
    private final String allowed;

    public ConfigurationError(String key, String value, String allowed) {
        super(key + (value == null ? " is not set" : " = '" + value + "'") + " is not allowed: " + allowed);
        this.key = key;
        this.value = value;
        this.allowed = allowed;
    }

    public String key() {
        return key;
    }

    public String value() {
        return value;
    }

    public String allowed() {
        return allowed;
    }
}
