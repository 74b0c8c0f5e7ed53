package nl.zorgbrug.bgz.token;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The token endpoint on HTTP (RFC 6749 §3.2): {@code POST} only, {@code application/x-www-form-urlencoded}, the
 * answer JSON (§5.1, §5.2) with {@code Cache-Control: no-store} and {@code Pragma: no-cache}, a 401 with
 * {@code WWW-Authenticate: Basic} (§5.2, {@code invalid_client}). The parameters are read from the body only, never
 * from the query string, where a secret would end up in access logs. The node registers it at
 * {@code [base]/fhir/stu3/token} and {@code [base]/fhir/r4/token}; what it decides is {@link ConsentTokens}'.
 */
public final class TokenServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    /** A form of a few parameters; anything longer is no token request. */
    private static final int MAX_BODY = 8 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final transient ConsentTokens tokens;

    public TokenServlet(ConsentTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!"POST".equals(request.getMethod())) {
            response.setHeader("Allow", "POST");
            write(response, new TokenAnswer.Refused(405, TokenAnswer.Error.INVALID_REQUEST,
                    "the token endpoint takes POST only (RFC 6749 section 3.2)"));
            return;
        }
        String type = request.getContentType() == null ? "" : request.getContentType().toLowerCase(Locale.ROOT);
        if (!type.startsWith("application/x-www-form-urlencoded")) {
            write(response, new TokenAnswer.Refused(TokenAnswer.Error.INVALID_REQUEST, "send the parameters as "
                    + "application/x-www-form-urlencoded (RFC 6749 section 4.4.2), not '" + type + "'"));
            return;
        }
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes(MAX_BODY + 1);
        }
        if (body.length > MAX_BODY) {
            write(response, new TokenAnswer.Refused(TokenAnswer.Error.INVALID_REQUEST, "the request is longer than "
                    + MAX_BODY + " bytes: a token request has a few parameters"));
            return;
        }
        Map<String, List<String>> form;
        try {
            form = form(new String(body, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            write(response, new TokenAnswer.Refused(TokenAnswer.Error.INVALID_REQUEST, "the form is not "
                    + "x-www-form-urlencoded: " + e.getMessage()));
            return;
        }
        write(response, tokens.answer(request.getHeader("Authorization"), form, request.getRemoteAddr()));
    }

    static Map<String, List<String>> form(String body) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (body.isBlank()) {
            return out;
        }
        for (String pair : body.strip().split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return out;
    }

    /** RFC 6749 section 5.2: error_description holds only %x20-21 / %x23-5B / %x5D-7E (no quote, no backslash). */
    static String printable(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            out.append(c >= 0x20 && c <= 0x7e && c != '"' && c != '\\' ? c : '?');
        }
        return out.toString();
    }

    private static void write(HttpServletResponse response, TokenAnswer answer) throws IOException {
        ObjectNode json = JSON.createObjectNode();
        if (answer instanceof TokenAnswer.Issued issued) {
            json.put("access_token", issued.accessToken());
            json.put("token_type", "Bearer");
            json.put("expires_in", issued.expiresIn());
        } else if (answer instanceof TokenAnswer.Refused refused) {
            json.put("error", refused.error().code());
            json.put("error_description", printable(refused.description()));
            if (refused.status() == 401) {
                response.setHeader("WWW-Authenticate", "Basic realm=\"zorgbrug-bgz\", charset=\"UTF-8\"");
            }
        }
        response.setStatus(answer.status());
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Pragma", "no-cache");
        response.setContentType("application/json;charset=UTF-8");
        byte[] bytes = JSON.writeValueAsBytes(json);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}
