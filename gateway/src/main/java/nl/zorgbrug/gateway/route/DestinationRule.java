package nl.zorgbrug.gateway.route;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.dict.DictionaryEntry;
import nl.zorgbrug.dicom.dict.StandardDictionary;

/**
 * Chooses a destination by the object (issue 5: "the destination is chosen by the called AE title per
 * destination, by a rule, or by a person"): when the value of a top-level attribute of the object's head
 * matches a regular expression as a whole, the object goes to {@code destination}. E.g. Institutional
 * Department Name "Cardiologie.*" to the heart centre.
 *
 * @param attribute as configured (a DICOM keyword or "(gggg,eeee)"), for messages
 */
public record DestinationRule(String attribute, int tag, Pattern pattern, String destination) {

    /**
     * @throws IllegalArgumentException naming the attribute, the expression or the destination that is wrong
     */
    public static DestinationRule of(String attribute, String regex, String destination) {
        if (destination == null || destination.isBlank()) {
            throw new IllegalArgumentException("destination rule on " + attribute + ": no destination (an address-book key)");
        }
        try {
            return new DestinationRule(attribute, tagOf(attribute), Pattern.compile(regex), destination);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("destination rule on " + attribute + ": '" + regex
                    + "' is not a regular expression: " + e.getDescription(), e);
        }
    }

    /** A DICOM keyword from the dictionary (PS3.6), or a tag written (gggg,eeee) or ggggeeee. */
    static int tagOf(String attribute) {
        if (attribute == null || attribute.isBlank()) {
            throw new IllegalArgumentException("destination rule: no attribute; give a DICOM keyword such as"
                    + " InstitutionalDepartmentName or a tag such as (0008,1040)");
        }
        String hex = attribute.replaceAll("[(),\\s]", "");
        if (hex.matches("[0-9A-Fa-f]{8}")) {
            return (int) Long.parseLong(hex, 16);
        }
        return StandardDictionary.get().byKeyword(attribute.trim()).map(DictionaryEntry::tag)
                .orElseThrow(() -> new IllegalArgumentException("destination rule: '" + attribute
                        + "' is neither a DICOM keyword (PS3.6) nor a tag such as (0008,1040)"));
    }

    /** Whether the object's value of the attribute (its first value) matches as a whole; absent never matches. */
    public boolean matches(DataSet head) {
        String value = head.getString(tag);
        return value != null && pattern.matcher(value.trim()).matches();
    }

    @Override
    public String toString() {
        return attribute + " " + Tag.toString(tag) + " ~ /" + pattern + "/ -> " + destination;
    }
}
