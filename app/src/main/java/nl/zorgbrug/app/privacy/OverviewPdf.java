package nl.zorgbrug.app.privacy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;

import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;

/**
 * The patient's overview as PDF (issue 17: "a printable page and PDF in Dutch that a privacy officer can hand to the
 * patient"): the same XHTML the printable page shows, laid out by openhtmltopdf on PDFBox, A4 from its CSS. No
 * fonts or images are fetched: the document is self-contained.
 */
final class OverviewPdf {
    private OverviewPdf() {
    }

    static byte[] render(String xhtml) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            PdfRendererBuilder builder = new PdfRendererBuilder();
            builder.useFastMode();
            builder.withHtmlContent(xhtml, null);
            builder.toStream(out);
            builder.run();
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("the patient's overview could not be made into a PDF: " + e.getMessage()
                    + "; the printable page shows the same, print that instead", e);
        }
        return out.toByteArray();
    }
}
