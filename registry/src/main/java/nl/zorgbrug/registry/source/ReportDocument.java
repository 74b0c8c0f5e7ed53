package nl.zorgbrug.registry.source;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;

/**
 * A study's report as its own XDS document (issue 20 part 2; Twiin "Afspraken Beeldbeschikbaarheid": the report is a
 * DocumentEntry of classCode REPORTS beside the study's KOS, tied to the study by the referenceIdList). Taken from the
 * study's own objects: an Encapsulated PDF (PS3.3 A.45.1) as its PDF, or a DICOM Structured Report (PS3.3 A.35) as the
 * text of its content tree. Its uniqueId is the SOP Instance UID of the object it came from, so the same report is the
 * same document in every build (a resend stores nothing twice).
 *
 * @param uniqueId   the source object's SOP Instance UID
 * @param mimeType   {@code application/pdf} or {@code text/plain}
 * @param formatCode the IHE XDS-SD format code (scheme {@link #FORMAT_SCHEME}): {@link #PDF} or
 *                   {@link #TEXT}
 * @param title      the document title as the object names it, or "Verslag"
 * @param bytes      the document as the repository serves it
 */
public record ReportDocument(String uniqueId, String mimeType, String formatCode, String title, byte[] bytes) {
    /** PS3.4 B.5: Encapsulated PDF Storage. */
    public static final String ENCAPSULATED_PDF = "1.2.840.10008.5.1.4.1.1.104.1";
    /** PS3.4 B.5: the SR storage classes share this root (Basic, Enhanced, Comprehensive: .11, .22, .33, ...). */
    static final String SR_ROOT = "1.2.840.10008.5.1.4.1.1.88.";
    /** The KOS (.88.59) is an SR document too, but no report. */
    static final String KOS = "1.2.840.10008.5.1.4.1.1.88.59";
    /** The scheme of IHE's format codes; the two below are XDS-SD's (ITI TF-3 §5.9) for a PDF and for plain text. */
    public static final String FORMAT_SCHEME = "1.3.6.1.4.1.19376.1.2.3";
    public static final String PDF = "urn:ihe:iti:xds-sd:pdf:2008";
    public static final String TEXT = "urn:ihe:iti:xds-sd:text:2008";

    public ReportDocument {
        Objects.requireNonNull(uniqueId, "uniqueId");
        Objects.requireNonNull(mimeType, "mimeType");
        Objects.requireNonNull(formatCode, "formatCode");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(bytes, "bytes");
    }

    /**
     * The report of one object of the study, if it is one: an Encapsulated PDF whose MIME type is application/pdf, or
     * an SR document (not the KOS) with text in its content tree.
     */
    public static Optional<ReportDocument> of(DataSet object) {
        String sopClass = object.getString(Tag.SOPClassUID);
        String uid = object.getString(Tag.SOPInstanceUID);
        if (sopClass == null || uid == null) {
            return Optional.empty();
        }
        if (ENCAPSULATED_PDF.equals(sopClass)) {
            byte[] pdf = object.getBytes(Tag.EncapsulatedDocument);
            String mime = object.getString(Tag.MIMETypeOfEncapsulatedDocument);
            if (pdf == null || pdf.length == 0 || (mime != null && !mime.strip().equals("application/pdf"))) {
                return Optional.empty();
            }
            return Optional.of(new ReportDocument(uid, "application/pdf", PDF,
                    title(object.getString(Tag.DocumentTitle)), unpad(pdf)));
        }
        if (sopClass.startsWith(SR_ROOT) && !KOS.equals(sopClass)) {
            StringBuilder text = new StringBuilder();
            walk(object.getSequence(Tag.ContentSequence), 0, text);
            if (text.toString().isBlank()) {
                return Optional.empty();
            }
            return Optional.of(new ReportDocument(uid, "text/plain", TEXT, title(meaning(object)),
                    text.toString().strip().concat("\n").getBytes(StandardCharsets.UTF_8)));
        }
        return Optional.empty();
    }

    /**
     * The content tree as text (PS3.3 C.17.3): each CONTAINER's concept name as a heading, each TEXT item's value, each
     * CODE item as "name: meaning"; other value types (numbers, images, references) carry no words of the report.
     */
    private static void walk(List<DataSet> items, int depth, StringBuilder out) {
        for (DataSet item : items == null ? List.<DataSet>of() : items) {
            String type = item.getString(Tag.ValueType);
            if ("CONTAINER".equals(type)) {
                String heading = meaning(item);
                if (heading != null) {
                    out.append(out.isEmpty() ? "" : "\n").append(heading).append('\n');
                }
                walk(item.getSequence(Tag.ContentSequence), depth + 1, out);
            } else if ("TEXT".equals(type)) {
                String value = item.getText(Tag.TextValue);
                if (value != null && !value.isBlank()) {
                    out.append(value.strip()).append('\n');
                }
            } else if ("CODE".equals(type)) {
                List<DataSet> code = item.getSequence(Tag.ConceptCodeSequence);
                if (code != null && !code.isEmpty() && code.get(0).getString(Tag.CodeMeaning) != null) {
                    String name = meaning(item);
                    out.append(name == null ? "" : name + ": ").append(code.get(0).getString(Tag.CodeMeaning))
                            .append('\n');
                }
            }
        }
    }

    private static String meaning(DataSet item) {
        List<DataSet> name = item.getSequence(Tag.ConceptNameCodeSequence);
        return name == null || name.isEmpty() ? null : name.get(0).getString(Tag.CodeMeaning);
    }

    private static String title(String t) {
        return t == null || t.isBlank() ? "Verslag" : t.strip();
    }

    /** OB values are padded to even length with one NUL (PS3.5 7.1.1); a PDF ends with %%EOF and a line end. */
    private static byte[] unpad(byte[] pdf) {
        return pdf.length > 0 && pdf[pdf.length - 1] == 0 ? java.util.Arrays.copyOf(pdf, pdf.length - 1) : pdf;
    }
}
