package nl.zorgbrug.app.privacy;

import java.time.Clock;

import org.springframework.stereotype.Component;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;

import nl.zorgbrug.app.console.ConsoleProperties;
import nl.zorgbrug.app.console.ConsoleTime;
import nl.zorgbrug.audit.overview.PatientOverview;

/**
 * Makes the document of an overview, in Dutch or English ({@link OverviewDocument}) and renders it: the template
 * {@code privacy-overview-document} is both the printable page's content and, as a whole XHTML document, the PDF.
 */
@Component
class OverviewRenderer {
    static final String TEMPLATE = "privacy-overview-document";

    private final ITemplateEngine templates;
    private final ConsoleTime time;
    private final Clock clock;
    private final StudyLabels labels;

    OverviewRenderer(ITemplateEngine templates, ConsoleProperties console, Clock clock,
                     org.springframework.jdbc.core.JdbcTemplate jdbc) {
        this.templates = templates;
        this.time = new ConsoleTime(console.timeZone());
        this.clock = clock;
        // Issue 20 part 5: a study by its description and date, from what the node keeps of the image index.
        this.labels = new JdbcStudyLabels(jdbc, console.timeZone());
    }

    OverviewDocument document(PatientOverview overview) {
        return document(overview, OverviewDocument.Language.NL);
    }

    OverviewDocument document(PatientOverview overview, OverviewDocument.Language language) {
        return OverviewDocument.of(overview, time, clock.instant(), language, labels);
    }

    byte[] pdf(PatientOverview overview) {
        return pdf(overview, OverviewDocument.Language.NL);
    }

    byte[] pdf(PatientOverview overview, OverviewDocument.Language language) {
        Context context = new Context(java.util.Locale.forLanguageTag(language == OverviewDocument.Language.EN
                ? "en" : "nl-NL"));
        context.setVariable("doc", document(overview, language));
        return OverviewPdf.render(templates.process(TEMPLATE, context));
    }
}
