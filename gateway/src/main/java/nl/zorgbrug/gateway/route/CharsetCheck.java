package nl.zorgbrug.gateway.route;

import java.util.Optional;

import nl.zorgbrug.dicom.charset.SpecificCharacterSet;
import nl.zorgbrug.dicom.charset.UnknownCharacterSetException;
import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Element;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.data.Value;

/**
 * Before any patient attribute is changed, the Specific Character Set (0008,0005) must fit the
 * bytes (issue 5): an object whose declaration does not match (say Latin-1 bytes declared UTF-8, or a term no
 * one knows) is held with that reason, never silently re-encoded, because re-encoding it would corrupt the name.
 * It is never refused over its character set, and an object the route does not change passes as it is, byte for
 * byte (issue 15): so this step only asks the route to hold the object before an edit
 * ({@link RouteContext#holdBeforeEditing}), and the route holds it when a later step wants one.
 */
public final class CharsetCheck implements RouteStep {

    @Override
    public Optional<RouteDecision> apply(RouteContext context) {
        DataSet header = context.header();
        SpecificCharacterSet cs;
        try {
            cs = header.charset();
        } catch (UnknownCharacterSetException e) {
            hold(context, "(0008,0005) names an unknown character set: " + e.getMessage());
            return Optional.empty();
        }
        for (Element e : header.elements(0x00100000, 0x00110000)) {
            if (e.vr().isCharsetAffected() && e.value() instanceof Value.Bytes b && !cs.canDecodeStrictly(b.bytes(), e.vr())) {
                hold(context, Tag.toString(e.tag()) + " holds bytes that are not valid " + cs);
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static void hold(RouteContext context, String detail) {
        context.holdBeforeEditing("CHARSET_MISMATCH",
                "De tekenset (0008,0005) past niet bij de tekst in het object: " + detail,
                "The Specific Character Set (0008,0005) does not match the object's text: " + detail);
    }
}
