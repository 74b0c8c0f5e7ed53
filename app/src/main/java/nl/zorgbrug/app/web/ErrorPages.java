package nl.zorgbrug.app.web;

import java.util.Locale;
import java.util.Map;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.ModelAndView;

/**
 * Every error the node answers, in place of Spring Boot's page (issue 15): a sentence chosen by the status only,
 * never an exception's message, class name or a file path. The API ({@code /api}, {@code /dicomweb}) and clients
 * that do not ask for HTML get {@code {"error": "..."}} in English; people get a page in Dutch or English.
 */
@Controller
public class ErrorPages implements ErrorController {
    /** Set on a request answered 503 because the database cannot be written ({@link DatabaseUnavailable}). */
    static final String DATABASE_UNAVAILABLE = ErrorPages.class.getName() + ".databaseUnavailable";

    private final MessageSource messages;

    public ErrorPages(MessageSource messages) {
        this.messages = messages;
    }

    @nl.zorgbrug.app.access.NotPatientData("says the status in a sentence, nothing of the request")
    @RequestMapping("/error")
    public Object error(HttpServletRequest request, Locale locale) {
        int status = status(request);
        String key = status == 503 && request.getAttribute(DATABASE_UNAVAILABLE) != null ? "error.503.database"
                : key(status);
        if (wantsJson(request)) {
            return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON)
                    .body(Map.of("error", messages.getMessage(key, null, Locale.ENGLISH)));
        }
        ModelAndView page = new ModelAndView("error", Map.of("status", status, "sentence",
                messages.getMessage(key, null, locale)));
        page.setStatus(HttpStatus.valueOf(status));
        return page;
    }

    static int status(HttpServletRequest request) {
        if (request.getAttribute(BodySizeLimit.EXCEEDED) != null) {
            return 413;
        }
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer i ? i : 500;
        return HttpStatus.resolve(status) == null || status < 400 ? 500 : status;
    }

    private static boolean wantsJson(HttpServletRequest request) {
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        String path = uri == null ? "" : uri.toString().substring(request.getContextPath().length());
        String accept = request.getHeader("Accept");
        return path.startsWith("/api/") || path.startsWith("/dicomweb/") || accept == null || !accept.contains("text/html");
    }

    private static String key(int status) {
        return switch (status) {
            case 400, 401, 403, 404, 405, 409, 413, 415, 503 -> "error." + status;
            default -> status >= 500 ? "error.500" : "error.400";
        };
    }

    /** The sentence of a 413 answered before the request reaches Spring, with the limit. */
    static String tooLarge(long limit) {
        String size = limit >= 1024 * 1024 ? limit / (1024 * 1024) + " MB" : limit + " bytes";
        return "The request body is larger than " + size + ", the most the node accepts here.";
    }
}
