package nl.zorgbrug.registry.consumer;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.io.Part10Reader;
import nl.zorgbrug.registry.source.ReportDocument;

/**
 * The report of a timeline row made readable for a radiologist (issue 20 part 3): its DocumentEntry (classCode REPORTS,
 * the row's Study Instance UID) retrieved by ITI-43 from the repository the index names, as the import retrieves the
 * KOS ({@link StudyImport.Iti43}), and given as text or as a PDF:
 * <ul>
 *   <li>{@code text/plain} (XDS-SD text, what an SR becomes at a Zorgbrug source): the text, read as UTF-8;</li>
 *   <li>{@code application/pdf} (XDS-SD PDF): the PDF, to be shown or downloaded as it is;</li>
 *   <li>{@code application/dicom}, a source that registered the DICOM object itself: an SR's text from its content
 *   tree, an Encapsulated PDF's document ({@link ReportDocument}, the same reading the source side uses);</li>
 *   <li>anything else, or a DICOM object that is no report: {@link Read.NotReadable}, saying which type it is.</li>
 * </ul>
 * A repository that cannot be reached or refuses is {@link Read.Unavailable} with its words: never an empty report.
 */
public final class ReportReading {
    private final StudyImport.Iti43 iti43;

    public ReportReading(StudyImport.Iti43 iti43) {
        this.iti43 = Objects.requireNonNull(iti43, "iti43");
    }

    /** What reading a report came to. */
    public sealed interface Read {
        /** The report as text. */
        record Text(String text) implements Read {
        }

        /** The report as the PDF it is. */
        record Pdf(byte[] bytes) implements Read {
        }

        /** The repository did not give it: not reached, or refused (NO_CONSENT at the source, unknown document). */
        record Unavailable(String reason) implements Read {
        }

        /** Retrieved, but of a type that is not shown as text or PDF. */
        record NotReadable(String reason) implements Read {
        }
    }

    public Read read(IndexedDocument report) {
        byte[] bytes;
        try {
            bytes = iti43.retrieve(report.repositoryUniqueId(), report.homeCommunityId(), report.uniqueId());
        } catch (IOException | RuntimeException e) {
            return new Read.Unavailable("ITI-43 for report " + report.uniqueId() + " at repository "
                    + report.repositoryUniqueId() + ": " + e.getMessage());
        }
        String mime = report.mimeType() == null ? "" : report.mimeType().strip().toLowerCase(java.util.Locale.ROOT);
        if (mime.startsWith("text/plain")) {
            return new Read.Text(new String(bytes, StandardCharsets.UTF_8));
        }
        if (mime.equals("application/pdf")) {
            return new Read.Pdf(bytes);
        }
        if (mime.equals("application/dicom")) {
            return fromDicom(report, bytes);
        }
        return new Read.NotReadable("report " + report.uniqueId() + " is of type '" + report.mimeType() + "', which"
                + " is shown neither as text nor as PDF");
    }

    private static Read fromDicom(IndexedDocument report, byte[] bytes) {
        DataSet object;
        try {
            object = Part10Reader.read(new ByteArrayInputStream(bytes), report.uniqueId(), bytes.length, -1L).dataSet();
        } catch (IOException | RuntimeException e) {
            return new Read.NotReadable("report " + report.uniqueId() + " is no readable DICOM object (PS3.10): "
                    + e.getMessage());
        }
        Optional<ReportDocument> document = ReportDocument.of(object);
        if (document.isEmpty()) {
            return new Read.NotReadable("report " + report.uniqueId() + " is a DICOM object that is neither an SR with"
                    + " text nor an Encapsulated PDF");
        }
        return "application/pdf".equals(document.get().mimeType()) ? new Read.Pdf(document.get().bytes())
                : new Read.Text(new String(document.get().bytes(), StandardCharsets.UTF_8));
    }
}
