package nl.zorgbrug.bgz.r4;

import java.util.Map;

import org.hl7.fhir.convertors.factory.VersionConvertorFactory_30_40;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.NutritionOrder;

/**
 * NutritionOrder (zib NutritionAdvice) from STU3 to R4 by hand: HAPI's converter (org.hl7.fhir.convertors 6.7.9) has
 * no NutritionOrder30_40. The two versions name the same elements the same way (FHIR R4 NutritionOrder, "Changes
 * since R3"), so the resource is re-read as R4 ({@link Reread});
 * then what R4 changed: {@code intent} became required (a zib2017 nutrition advice is an order), the status codes
 * were cut down, and zib2020 holds the advice's explanation (zib2017's extension) in {@code note}.
 */
final class NutritionOrderR4 {
    private static final String EXPLANATION = Zib2020.NICTIZ + "zib-NutritionAdvice-Explanation";
    /** STU3 NutritionOrder.status to R4 (request-status, FHIR R4): codes that R4 left out go to their R4 kin. */
    private static final Map<String, String> STATUS = Map.of("proposed", "draft", "draft", "draft",
            "planned", "draft", "requested", "active", "active", "active", "on-hold", "on-hold",
            "completed", "completed", "cancelled", "revoked", "entered-in-error", "entered-in-error");

    private final Reread reread;

    NutritionOrderR4(Reread reread) {
        this.reread = reread;
    }

    NutritionOrder convert(org.hl7.fhir.dstu3.model.NutritionOrder source) {
        org.hl7.fhir.dstu3.model.NutritionOrder copy = source.copy();
        String status = copy.hasStatus() ? copy.getStatus().toCode() : null;
        copy.setStatus(null);
        NutritionOrder out = reread.asR4(copy, NutritionOrder.class);
        // A dateTime that has only an extension (zib2017: data-absent-reason, the request date unknown) does not
        // survive the re-read; R4 requires the element, so it is carried over as it was.
        if (source.hasDateTimeElement() && !out.hasDateTimeElement()) {
            source.getDateTimeElement().getExtension().forEach(e -> out.getDateTimeElement().addExtension(
                    (Extension) VersionConvertorFactory_30_40.convertType(e)));
            out.getDateTimeElement().setValue(source.getDateTime());
        }
        out.setIntent(NutritionOrder.NutritiionOrderIntent.ORDER);
        out.setStatus(NutritionOrder.NutritionOrderStatus.fromCode(status == null ? "unknown"
                : STATUS.getOrDefault(status, "unknown")));
        for (Extension e : out.getExtensionsByUrl(EXPLANATION)) {
            out.addNote().setText(e.getValue().primitiveValue());
        }
        out.getExtension().removeIf(e -> EXPLANATION.equals(e.getUrl()));
        return out;
    }
}
