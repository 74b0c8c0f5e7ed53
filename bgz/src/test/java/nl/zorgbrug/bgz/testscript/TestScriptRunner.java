package nl.zorgbrug.bgz.testscript;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.fhirpath.IFhirPath;
import org.hl7.fhir.dstu3.model.Bundle;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IPrimitiveType;

/**
 * Runs a FHIR TestScript against a FHIR server (issue 19: the Nictiz serving TestScripts, every operation and every
 * assert): operations over HTTP as the script states them (search, update, the Interoplab purge), asserts on the
 * response: status code, resource type, FHIRPath with HAPI's engine (true or equal to the given value), profile
 * validation with HAPI's validator, and the Touchstone rule that every query parameter is echoed in the self link.
 * A warning-only assert that fails is reported as a warning; the caller decides (our test counts it as a problem).
 * An operation whose fixture file is not in the shared set is skipped and reported, with the asserts on it.
 */
public final class TestScriptRunner {
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([^}]+)\\}");

    private final FhirContext ctx;
    private final IFhirPath fhirPath;
    private final ProfileValidator validator;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final URI base;
    private final Path fixtureDir;
    private final LocalDate today;
    /** The Bundle FHIRPath's resolve() looks in: the response being asserted on. */
    private IBaseResource resolving;

    public TestScriptRunner(FhirContext ctx, ProfileValidator validator, URI base, Path fixtureDir, LocalDate today) {
        this.ctx = ctx;
        this.fhirPath = ctx.newFhirPath();
        // resolve() within the response Bundle (FHIRPath: a reference resolves to the entry it names).
        this.fhirPath.setEvaluationContext(new ca.uhn.fhir.fhirpath.IFhirPathEvaluationContext() {
            @Override
            public IBase resolveReference(org.hl7.fhir.instance.model.api.IIdType id, IBase context) {
                return resolveInBundle(id);
            }
        });
        this.validator = validator;
        this.base = base;
        this.fixtureDir = fixtureDir;
        this.today = today;
    }

    /** The state of one run: variables, fixtures by id (loaded or responses), the last response. */
    private final class Run {
        final Script script;
        final Outcome outcome;
        final Map<String, IBaseResource> fixtures = new HashMap<>();
        final Map<String, Script.Variable> variables = new LinkedHashMap<>();
        Response last;

        Run(Script script) {
            this.script = script;
            this.outcome = new Outcome(script.id());
            script.variables().forEach(v -> variables.put(v.name(), v));
        }

        void operationDone(Response response, String responseId) {
            last = response;
            if (responseId != null && response.resource() != null) {
                fixtures.put(responseId, response.resource());
            }
        }
    }

    record Response(int status, String body, IBaseResource resource, String requestQuery) {
    }

    public Outcome run(Script script) {
        Run run = new Run(script);
        runActions(run, "setup", script.setup());
        for (Script.Test t : script.tests()) {
            runActions(run, t.id() != null && !t.id().isEmpty() ? t.id() : t.name(), t.actions());
        }
        return run.outcome;
    }

    private void runActions(Run run, String test, List<Script.Action> actions) {
        boolean stopped = false;
        boolean skipping = false;
        for (Script.Action a : actions) {
            if (a.operation() != null) {
                if (stopped) {
                    run.outcome.skippedOperations.add(test + ": " + a.operation().description() + " (test stopped)");
                    continue;
                }
                skipping = !execute(run, test, a.operation());
            } else {
                Script.Assert as = a.assertion();
                if (stopped) {
                    run.outcome.asserts.add(new Outcome.AssertResult(test, as, Outcome.Result.NOT_RUN,
                            "an earlier assert with stopTestOnFail failed"));
                    continue;
                }
                if (skipping) {
                    continue;
                }
                String failure = check(run, as);
                Outcome.Result result = failure == null ? Outcome.Result.PASS
                        : as.warningOnly() ? Outcome.Result.WARNING : Outcome.Result.FAIL;
                run.outcome.asserts.add(new Outcome.AssertResult(test, as, result, failure));
                if (result == Outcome.Result.FAIL && as.stopTestOnFail()) {
                    stopped = true;
                }
            }
        }
    }

    /** Runs an operation; false when it was skipped because its fixture is not in the shared set. */
    private boolean execute(Run run, String test, Script.Operation op) {
        String body = null;
        if (op.sourceId() != null) {
            IBaseResource fixture = fixture(run, op.sourceId());
            if (fixture == null) {
                run.outcome.skippedOperations.add(test + ": " + op.description() + " (fixture "
                        + run.script.fixtures().get(op.sourceId()) + " not in the shared set)");
                return false;
            }
            body = "json".equals(op.contentType()) ? ctx.newJsonParser().encodeResourceToString(fixture)
                    : ctx.newXmlParser().encodeResourceToString(fixture);
        }
        String params = substitute(run, op.params() == null ? "" : op.params());
        String path = params.startsWith("?") || params.startsWith("/") || params.isEmpty() ? params : "/" + params;
        String query = null;
        int q = path.indexOf('?');
        if (q >= 0) {
            query = path.substring(q + 1);
            path = path.substring(0, q) + "?" + (op.encodeRequestUrl() ? encode(query) : query);
        }
        URI uri = URI.create(base + "/" + op.resource() + path);
        HttpRequest.Builder req = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                .header("Accept", mime(op.accept()));
        for (Script.Header h : op.headers()) {
            req.header(h.field(), substitute(run, h.value()));
        }
        String method = switch (op.type()) {
            case "search", "read", "vread", "history" -> "GET";
            case "update" -> "PUT";
            case "delete" -> "DELETE";
            case "purge", "create", "transaction", "batch" -> "POST";
            default -> throw new IllegalArgumentException("operation type '" + op.type() + "' in " + run.script.id()
                    + " is not supported by the runner");
        };
        if (body != null) {
            req.header("Content-Type", mime(op.contentType()) + ";charset=UTF-8");
            req.method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        } else {
            req.method(method, method.equals("POST") ? HttpRequest.BodyPublishers.ofString("")
                    : HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> res;
        try {
            res = http.send(req.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + uri + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during " + method + " " + uri, e);
        }
        IBaseResource resource = null;
        String text = res.body();
        if (text != null && !text.isBlank()) {
            try {
                resource = text.stripLeading().startsWith("<") ? ctx.newXmlParser().parseResource(text)
                        : ctx.newJsonParser().parseResource(text);
            } catch (RuntimeException e) {
                resource = null;
            }
            wireIds(resource);
        }
        run.outcome.operations++;
        run.operationDone(new Response(res.statusCode(), text, resource, query), op.responseId());
        return true;
    }

    private IBase resolveInBundle(org.hl7.fhir.instance.model.api.IIdType id) {
        if (!(resolving instanceof Bundle b) || id == null || !id.hasIdPart()) {
            return null;
        }
        for (Bundle.BundleEntryComponent e : b.getEntry()) {
            if (e.getResource() == null) {
                continue;
            }
            if (id.hasBaseUrl() ? id.getValue().equals(e.getFullUrl())
                    : e.getResource().fhirType().equals(id.getResourceType())
                    && e.getResource().getIdElement().getIdPart().equals(id.getIdPart())) {
                return e.getResource();
            }
        }
        return null;
    }

    /**
     * Resource ids as they were on the wire: HAPI's parser qualifies a parsed resource's id with its type (and in a
     * Bundle with the server base), while {@code Resource.id} in the JSON is the bare logical id the asserts compare.
     */
    private static void wireIds(IBaseResource resource) {
        if (resource instanceof org.hl7.fhir.dstu3.model.Resource r && r.getIdElement().hasIdPart()) {
            r.setId(r.getIdElement().getIdPart());
        }
        if (resource instanceof Bundle b) {
            b.getEntry().forEach(e -> wireIds(e.getResource()));
        }
    }

    private IBaseResource fixture(Run run, String id) {
        IBaseResource loaded = run.fixtures.get(id);
        if (loaded != null) {
            return loaded;
        }
        String ref = run.script.fixtures().get(id);
        if (ref == null) {
            return null;
        }
        Path file = fixtureDir.resolve(Path.of(ref).getFileName().toString());
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            String xml = TouchstoneDates.fill(Files.readString(file, StandardCharsets.UTF_8), today);
            IBaseResource r = ctx.newXmlParser().parseResource(xml);
            run.fixtures.put(id, r);
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read fixture " + file, e);
        }
    }

    /** Null when the assert holds, else why not. */
    private String check(Run run, Script.Assert as) {
        Response r = run.last;
        if (r == null) {
            return "no operation ran before this assert";
        }
        if (as.responseCode() != null) {
            Set<String> allowed = Set.of(as.responseCode().split("\\s*,\\s*"));
            String op = as.operator() == null ? "equals" : as.operator();
            boolean ok = switch (op) {
                case "in" -> allowed.contains(Integer.toString(r.status()));
                case "equals" -> as.responseCode().strip().equals(Integer.toString(r.status()));
                case "notEquals" -> !as.responseCode().strip().equals(Integer.toString(r.status()));
                default -> throw new IllegalArgumentException("operator " + op + " on responseCode");
            };
            return ok ? null : "status " + r.status() + " " + abbreviate(r.body());
        }
        if (as.ruleId() != null) {
            if (!"assert-response-queryParamsInSelfLink".equals(as.ruleId())) {
                throw new IllegalArgumentException("rule " + as.ruleId() + " is not implemented by the runner");
            }
            return SelfLinkRule.check(r.requestQuery(), r.resource());
        }
        if (r.resource() == null) {
            return "the response has no FHIR resource (status " + r.status() + ")";
        }
        if (as.resource() != null) {
            String type = r.resource().fhirType();
            return as.resource().equals(type) ? null : "resource type is " + type;
        }
        if (as.validateProfileId() != null) {
            String profile = run.script.profiles().get(as.validateProfileId());
            if (!r.resource().fhirType().equals(profile.substring(profile.lastIndexOf('/') + 1))) {
                return "response is a " + r.resource().fhirType() + ", the profile is " + profile;
            }
            ProfileValidator.Findings findings = validator.validate(r.resource());
            run.outcome.uncheckable.addAll(findings.uncheckable());
            List<String> errors = findings.errors();
            return errors.isEmpty() ? null : errors.size() + " validation errors: " + String.join(" | ",
                    errors.subList(0, Math.min(5, errors.size())));
        }
        if (as.expression() != null) {
            String expression = substitute(run, as.expression());
            List<IBase> result;
            try {
                resolving = r.resource();
                result = fhirPath.evaluate(r.resource(), expression, IBase.class);
            } catch (RuntimeException e) {
                return "FHIRPath error: " + e.getMessage();
            }
            if (as.operator() == null) {
                if (result.size() == 1 && result.get(0) instanceof IPrimitiveType<?> p
                        && Boolean.TRUE.equals(p.getValue())) {
                    return null;
                }
                return "evaluates to " + render(result);
            }
            String actual = result.size() == 1 && result.get(0) instanceof IPrimitiveType<?> p
                    ? p.getValueAsString() : render(result);
            return switch (as.operator()) {
                case "equals" -> substitute(run, as.value()).equals(actual) ? null : "is " + actual;
                case "notEquals" -> !substitute(run, as.value()).equals(actual) ? null : "is " + actual;
                default -> throw new IllegalArgumentException("operator " + as.operator() + " on an expression");
            };
        }
        throw new IllegalArgumentException("assert '" + as.description() + "' checks nothing the runner knows");
    }

    private String substitute(Run run, String text) {
        if (text == null) {
            return null;
        }
        Matcher m = VARIABLE.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            Script.Variable v = run.variables.get(m.group(1));
            if (v == null) {
                throw new IllegalArgumentException("variable ${" + m.group(1) + "} is not declared in "
                        + run.script.id());
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(value(run, v)));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private String value(Run run, Script.Variable v) {
        if (v.expression() != null && v.sourceId() != null) {
            IBaseResource source = fixture(run, v.sourceId());
            if (source == null) {
                throw new IllegalStateException("variable " + v.name() + " reads " + v.sourceId()
                        + ", which is neither a loaded fixture nor an earlier response");
            }
            List<IBase> result = fhirPath.evaluate(source, v.expression(), IBase.class);
            if (!result.isEmpty() && result.get(0) instanceof org.hl7.fhir.instance.model.api.IIdType id) {
                return id.getIdPart();
            }
            if (!result.isEmpty() && result.get(0) instanceof IPrimitiveType<?> p) {
                return p.getValueAsString();
            }
            return v.defaultValue() == null ? "" : v.defaultValue();
        }
        return v.defaultValue() == null ? "" : v.defaultValue();
    }

    private static String encode(String query) {
        List<String> parts = new ArrayList<>();
        for (String p : query.split("&")) {
            int eq = p.indexOf('=');
            if (eq < 0) {
                parts.add(URLEncoder.encode(p, StandardCharsets.UTF_8));
            } else {
                parts.add(URLEncoder.encode(p.substring(0, eq), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(p.substring(eq + 1), StandardCharsets.UTF_8).replace("+", "%20"));
            }
        }
        return String.join("&", parts);
    }

    static Map<String, List<String>> parseQuery(String query) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (query == null || query.isEmpty()) {
            return out;
        }
        for (String p : query.split("&")) {
            int eq = p.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? p : p.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(p.substring(eq + 1), StandardCharsets.UTF_8);
            out.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return out;
    }

    private static String mime(String format) {
        return format == null || "json".equals(format) ? "application/fhir+json"
                : "xml".equals(format) ? "application/fhir+xml" : format;
    }

    private static String render(List<IBase> result) {
        List<String> s = new ArrayList<>();
        for (IBase b : result) {
            s.add(b instanceof IPrimitiveType<?> p ? p.getValueAsString() : b.fhirType());
        }
        return s.toString();
    }

    private static String abbreviate(String body) {
        if (body == null) {
            return "";
        }
        String oneLine = body.replaceAll("\\s+", " ");
        return oneLine.length() > 300 ? oneLine.substring(0, 300) + "…" : oneLine;
    }

    /** The Touchstone rule assert-response-queryParamsInSelfLink (rule file not in the shared set; as described). */
    static final class SelfLinkRule {
        private SelfLinkRule() {
        }

        static String check(String requestQuery, IBaseResource response) {
            if (!(response instanceof Bundle bundle)) {
                return "the response is not a Bundle with a self link";
            }
            Bundle.BundleLinkComponent self = bundle.getLink("self");
            if (self == null || !self.hasUrl()) {
                return "the Bundle has no self link";
            }
            String url = self.getUrl();
            int q = url.indexOf('?');
            Map<String, List<String>> echoed = parseQuery(q < 0 ? "" : url.substring(q + 1));
            List<String> missing = new ArrayList<>();
            parseQuery(requestQuery).forEach((name, values) -> {
                for (String v : values) {
                    List<String> got = echoed.get(name);
                    if (got == null || !got.contains(v)) {
                        missing.add(name + "=" + v);
                    }
                }
            });
            return missing.isEmpty() ? null : "self link " + url + " lacks " + missing;
        }
    }
}
