package nl.zorgbrug.app.web;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessException;
import org.springframework.transaction.TransactionException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;

import nl.zorgbrug.app.node.DatabaseFailures;

/**
 * While the database cannot be written (its disk is full, H2 closed it, the server is gone) the API and the
 * console answer 503 with a plain sentence that says so and a Retry-After, not a 500 (issue 15, blocker 4): the
 * request changed nothing and may be repeated once the administrator has made room; the node reopens the
 * database by itself. Any other database error is left to the usual handling.
 */
@ControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
class DatabaseUnavailable {
    private static final System.Logger LOG = System.getLogger(DatabaseUnavailable.class.getName());
    /** Seconds a client should wait before it tries again (RFC 9110 10.2.3). */
    static final String RETRY_AFTER_SECONDS = "60";

    @ExceptionHandler({DataAccessException.class, TransactionException.class})
    void unavailable(RuntimeException e, HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!DatabaseFailures.cannotWrite(e)) {
            throw e;
        }
        LOG.log(System.Logger.Level.ERROR, request.getMethod() + " " + request.getRequestURI()
                + " answered 503: the database cannot be written now (" + rootMessage(e) + "). Check the free space"
                + " of the database's disk (/actuator/health, diskSpace); the node reopens the database by itself");
        request.setAttribute(ErrorPages.DATABASE_UNAVAILABLE, Boolean.TRUE);
        response.setHeader("Retry-After", RETRY_AFTER_SECONDS);
        response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = String.valueOf(root.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
