package nl.zorgbrug.app.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Bounds every request body (issue 15): one that announces more than its limit is answered 413 before anything
 * reads it; one sent without a length (chunked) stops with {@link TooLarge} once it passes the limit, and the
 * request's error page says 413 (see {@link ErrorPages}). Runs before login, so no one can make the node read a
 * huge body, signed in or not.
 */
public final class BodySizeLimit extends OncePerRequestFilter {
    /** Request attribute set when a body passed its limit while being read. */
    static final String EXCEEDED = BodySizeLimit.class.getName() + ".exceeded";

    private final HttpProperties limits;

    public BodySizeLimit(HttpProperties limits) {
        this.limits = limits;
    }

    /** The body passed its limit while being read. */
    public static final class TooLarge extends IOException {
        TooLarge(long limit) {
            super("the request body is larger than " + limit + " bytes, the most the node accepts here");
        }
    }

    long limitFor(HttpServletRequest request) {
        return (request.getServletPath().startsWith("/dicomweb/") ? limits.maxStowBodySize() : limits.maxBodySize())
                .toBytes();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long limit = limitFor(request);
        if (request.getContentLengthLong() > limit) {
            response.setStatus(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE);
            response.setHeader("Connection", "close");   // and do not read what the client still sends
            response.setContentType("application/json");
            response.setCharacterEncoding("UTF-8");
            response.getOutputStream().write(("{\"error\":\"" + ErrorPages.tooLarge(limit) + "\"}")
                    .getBytes(StandardCharsets.UTF_8));
            return;
        }
        chain.doFilter(new Bounded(request, limit), response);
    }

    /** The request with a body stream that stops at the limit. */
    private static final class Bounded extends HttpServletRequestWrapper {
        private final long limit;
        private ServletInputStream stream;

        Bounded(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new CountingStream(super.getInputStream(), limit, (HttpServletRequest) getRequest());
            }
            return stream;
        }
    }

    private static final class CountingStream extends ServletInputStream {
        private final ServletInputStream in;
        private final long limit;
        private final HttpServletRequest request;
        private long read;

        CountingStream(ServletInputStream in, long limit, HttpServletRequest request) {
            this.in = in;
            this.limit = limit;
            this.request = request;
        }

        private void count(long n) throws TooLarge {
            read += n;
            if (read > limit) {
                request.setAttribute(EXCEEDED, limit);
                throw new TooLarge(limit);
            }
        }

        @Override
        public int read() throws IOException {
            int c = in.read();
            if (c >= 0) {
                count(1);
            }
            return c;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
