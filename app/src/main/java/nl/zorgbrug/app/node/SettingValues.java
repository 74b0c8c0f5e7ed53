package nl.zorgbrug.app.node;

import java.util.regex.Pattern;

/** Checks of single setting values, each naming the key in its {@link ConfigurationError}. */
public final class SettingValues {
    /** PS3.5 6.2 AE: at most 16 characters of the default repertoire without backslash and control characters. */
    private static final Pattern AE_TITLE = Pattern.compile("[\\x20-\\x5B\\x5D-\\x7E]{1,16}");
    /** PS3.5 9.1: numeric components without leading zeros, separated by dots, at most 64 characters. */
    private static final Pattern OID = Pattern.compile("(0|[1-9][0-9]*)(\\.(0|[1-9][0-9]*))+");

    private SettingValues() {
    }

    /** An AE title as PS3.5 6.2 allows it; leading and trailing spaces are not significant, all spaces is no title. */
    public static void aeTitle(String key, String value) {
        if (value == null || !AE_TITLE.matcher(value).matches() || value.isBlank()) {
            throw new ConfigurationError(key, value, "an AE title of 1 to 16 characters (letters, digits, spaces and"
                    + " punctuation but no backslash, not only spaces; PS3.5 6.2)");
        }
    }

    /** An OID such as the hospital's issuer of patient numbers. */
    public static void oid(String key, String value) {
        if (value == null || value.length() > 64 || !OID.matcher(value).matches()) {
            throw new ConfigurationError(key, value, "an OID of at most 64 characters, numbers separated by dots"
                    + " without leading zeros, such as 2.16.528.1.1007.99.1 (PS3.5 9.1)");
        }
    }
}
