package nl.zorgbrug.app.privacy;

import java.time.Clock;

import org.springframework.stereotype.Component;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;

import nl.zorgbrug.app.console.ConsoleProperties;
import nl.zorgbrug.app.console.ConsoleTime;
import nl.zorgbrug.audit.overview.PatientOverview;

/**
 * Makes the Dutch document of an overview ({@link OverviewDocument}) and renders it: the template
 * {@code privacy-overview-document} is both the printable page's content and, as a whole XHTML document, the PDF.
 */
@Component
class OverviewRenderer {
    static final String TEMPLATE = "privacy-overview-document";

    private final ITemplateEngine templates;
    private final ConsoleTime time;
    private final Clock clock;

    OverviewRenderer(ITemplateEngine templates, ConsoleProperties console, Clock clock) {
        this.templates = templates;
        this.time = new ConsoleTime(console.timeZone());
        this.clock = clock;
    }

    OverviewDocument document(PatientOverview overview) {
        return OverviewDocument.of(overview, time, clock.instant());
    }

    byte[] pdf(PatientOverview overview) {
        Context context = new Context(java.util.Locale.forLanguageTag("nl-NL"));
        context.setVariable("doc", document(overview));
        return OverviewPdf.render(templates.process(TEMPLATE, context));
    }
}
