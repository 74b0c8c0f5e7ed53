package nl.zorgbrug.bsn.classify;

/**
 * One observation behind a verdict: the tag path, what it held (identifiers masked) and what that means.
 */
public record Evidence(String tag, String value, String note) {
    @Override
    public String toString() {
        return tag + (value == null ? "" : "=" + value) + (note == null || note.isEmpty() ? "" : " (" + note + ")");
    }
}
