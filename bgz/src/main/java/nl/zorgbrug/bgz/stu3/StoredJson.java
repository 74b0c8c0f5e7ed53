package nl.zorgbrug.bgz.stu3;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.FhirVersionEnum;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.ResponseDetails;
import ca.uhn.fhir.rest.server.RestfulServerUtils;
import ca.uhn.fhir.rest.server.exceptions.InternalErrorException;
import ca.uhn.fhir.util.DateUtils;
import nl.zorgbrug.bgz.store.StoredResource;
import org.hl7.fhir.dstu3.model.Basic;
import org.hl7.fhir.dstu3.model.Bundle;
import org.hl7.fhir.dstu3.model.Resource;

/**
 * A BgZ search answered in JSON serves each resource as the store holds it, without parsing it into HAPI's model and
 * encoding it again (issue 19's benchmark, docs/benchmarks.md "The BgZ query set": encoding was 43 % of the node's CPU
 * for the query set, HAPI's bundle factory walking every resource for references another 11 %; the laboratory query
 * serves 963 resources, about 1 MB). Everything else is HAPI's as before: the providers decide which rows are served
 * (token, consent, shielding, audit notes unchanged), HAPI's bundle factory builds the Bundle (total, links, fullUrl,
 * search mode) and only the entries' resources are spliced in from the stored JSON when the response is written.
 * <p>
 * Why the stored JSON is the answer HAPI would give: every writer of the store ({@link Feed}, the take-over) stores
 * what HAPI's STU3 JSON encoder wrote for the parsed resource, with default options and the logical id set, so
 * parsing and encoding it again gives the same resource. What a request may change in the encoding makes it take
 * HAPI's path as before: XML or any other format, {@code _summary}, {@code _elements}, {@code _pretty} (or a browser's
 * pretty print), {@code _count}, every operation other than a type search ({@code $lastn}, the {@code $bgz} document),
 * and the R4 endpoint (it converts each resource). One case inside a JSON search does too: HAPI's encoder makes a
 * reference on the endpoint's own base relative, so a stored resource that names that base is parsed and encoded.
 */
@Interceptor
public final class StoredJson {
    private static final String APPLIES = StoredJson.class.getName() + ".applies";
    private static final String JSON = StoredJson.class.getName() + ".json";
    /** Parameters that change how HAPI encodes the resources of an answer (RestfulServerUtils.configureResponseParser). */
    private static final Set<String> ENCODING_PARAMETERS = Set.of(Constants.PARAM_SUMMARY, Constants.PARAM_ELEMENTS,
            Constants.PARAM_ELEMENTS + Constants.PARAM_ELEMENTS_EXCLUDE_MODIFIER, Constants.PARAM_PRETTY,
            Constants.PARAM_COUNT);
    /**
     * What stands for entry {@code i}'s resource in the Bundle HAPI encodes: a JSON object HAPI's encoder writes as
     * exactly this text, which no string value can contain unescaped.
     */
    private static final String PLACEHOLDER_ID = "zorgbrug-stored-json-";

    /** Whether this request is answered from the stored JSON; decided before the provider runs. */
    static boolean applies(RequestDetails request) {
        return Boolean.TRUE.equals(request.getUserData().get(APPLIES));
    }

    /** Keeps the stored JSON with the resource parsed from it (the resource's user data, never encoded). */
    static <R extends Resource> R attach(R resource, StoredResource row) {
        resource.setUserData(JSON, row.json());
        return resource;
    }

    /** The stored JSON kept with a resource; null when none was. */
    static String json(Resource r) {
        return r.getUserData(JSON) instanceof String json ? json : null;
    }

    /**
     * A resource served as stored whose content nothing decides on (the Provenance of {@code _revinclude}): an empty
     * resource of its type and id, for HAPI's bundle factory to make its entry, carrying the stored JSON.
     */
    static Resource standIn(FhirContext ctx, StoredResource row) {
        return standIn(ctx, row.type(), row.id(), row.json());
    }

    /**
     * The stand-in of a resource parsed from the store, once the search has decided on it; the resource itself when
     * nothing was stored with it.
     */
    static Resource standIn(FhirContext ctx, Resource parsed) {
        return parsed.getUserData(JSON) instanceof String json
                ? standIn(ctx, parsed.fhirType(), parsed.getIdElement().getIdPart(), json) : parsed;
    }

    private static Resource standIn(FhirContext ctx, String type, String id, String json) {
        Resource r = (Resource) ctx.getResourceDefinition(type).newInstance();
        r.setId(id);
        r.setUserData(JSON, json);
        return r;
    }

    @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED)
    public void decide(RequestDetails request, RestOperationTypeEnum operation) {
        if (operation != RestOperationTypeEnum.SEARCH_TYPE
                || request.getFhirContext().getVersion().getVersion() != FhirVersionEnum.DSTU3) {
            return;
        }
        for (String name : request.getParameters().keySet()) {
            if (ENCODING_PARAMETERS.contains(name) || name.startsWith(Constants.PARAM_ELEMENTS)) {
                return;
            }
        }
        if (RestfulServerUtils.determineResponseEncodingWithDefault(request).getEncoding() != EncodingEnum.JSON
                || RestfulServerUtils.prettyPrintResponse(request.getServer(), request)) {
            return;
        }
        request.getUserData().put(APPLIES, Boolean.TRUE);
    }

    /**
     * Writes the answer as {@code RestfulServerUtils.streamResponseAsResource} does for a Bundle (status, content type,
     * Last-Modified from the Bundle's lastUpdated, gzip when asked, the writer committed), with the entries' resources
     * from the stored JSON; returns false so HAPI writes nothing more.
     */
    @Hook(Pointcut.SERVER_OUTGOING_RESPONSE)
    public boolean respond(RequestDetails request, ResponseDetails response) {
        if (!applies(request) || !(response.getResponseResource() instanceof Bundle bundle)) {
            return true;
        }
        IParser parser = RestfulServerUtils.getNewParser(request.getFhirContext(), FhirVersionEnum.DSTU3, request);
        String base = request.getFhirServerBase();
        List<String> parts = bundle.getEntry().stream().allMatch(StoredJson::plain) && !bundle.hasSignature()
                ? entriesWritten(bundle, parser, base, request.getFhirContext())
                : entriesSpliced(bundle, parser, base, request.getFhirContext());
        try {
            if (bundle.getMeta().getLastUpdated() != null) {
                request.getResponse().addHeader(Constants.HEADER_LAST_MODIFIED,
                        DateUtils.formatDate(bundle.getMeta().getLastUpdated()));
            }
            String contentType = RestfulServerUtils.determineResponseEncodingWithDefault(request)
                    .getResourceContentType();
            Writer w = request.getResponse().getResponseWriter(response.getResponseCode(), contentType,
                    Constants.CHARSET_NAME_UTF8, request.isRespondGzip());
            for (String part : parts) {
                w.write(part);
            }
            request.getResponse().commitResponse(w);
        } catch (IOException e) {
            throw new InternalErrorException("writing the BgZ answer failed: " + e.getMessage(), e);
        }
        return false;
    }

    /**
     * The answer's text in parts, HAPI's encoding of the Bundle without its entries and each entry written here: for
     * a Bundle whose entries hold only what HAPI's bundle factory gives a search's entry ({@link #plain}), whose
     * encoding is then fixed: {@code {"fullUrl":"…","resource":…,"search":{"mode":"…"}}}, in the order of the
     * element definitions (Bundle.entry is the last element of a Bundle without signature). Issue 19's profile
     * (docs/benchmarks.md "Where the laboratory query's time goes"): HAPI's encoding of 963 entries around
     * placeholders was a sixth of the laboratory query's CPU.
     */
    private static List<String> entriesWritten(Bundle bundle, IParser parser, String base, FhirContext ctx) {
        List<Bundle.BundleEntryComponent> entries = bundle.getEntry();
        List<String> parts = new ArrayList<>(entries.size() * 2 + 3);
        String shell;
        bundle.setEntry(new ArrayList<>());
        try {
            shell = parser.encodeResourceToString(bundle);
        } finally {
            bundle.setEntry(entries);
        }
        if (entries.isEmpty()) {
            return List.of(shell);
        }
        if (!shell.endsWith("}")) {
            throw new InternalErrorException("the BgZ answer could not be assembled from the stored resources (the "
                    + "Bundle's encoding does not end its object): report this to the Zorgbrug maintainers; adding "
                    + "_pretty=false to the query answers it the usual way");
        }
        parts.add(shell.substring(0, shell.length() - 1));
        String sep = ",\"entry\":[";
        for (Bundle.BundleEntryComponent e : entries) {
            StringBuilder head = new StringBuilder(sep).append('{');
            if (e.hasFullUrl()) {
                head.append("\"fullUrl\":\"").append(e.getFullUrl()).append("\",");
            }
            parts.add(head.append("\"resource\":").toString());
            parts.add(json(e.getResource(), parser, base, ctx));
            parts.add(e.hasSearch() ? ",\"search\":{\"mode\":\"" + e.getSearch().getMode().toCode() + "\"}}" : "}");
            sep = ",";
        }
        parts.add("]}");
        return parts;
    }

    /**
     * Whether an entry holds only a resource, a {@code fullUrl} that JSON writes as it is (printable ASCII without
     * quote or backslash) and a search mode: nothing else HAPI would encode (id, extensions, link, score, request,
     * response).
     */
    static boolean plain(Bundle.BundleEntryComponent e) {
        if (e.getResource() == null || e.getId() != null || e.hasExtension() || e.hasModifierExtension()
                || e.hasLink() || e.hasRequest() || e.hasResponse()) {
            return false;
        }
        if (e.hasFullUrlElement() && (e.getFullUrlElement().getId() != null || e.getFullUrlElement().hasExtension()
                || !e.getFullUrl().chars().allMatch(c -> c >= 0x20 && c < 0x7f && c != '"' && c != '\\'))) {
            return false;
        }
        if (!e.hasSearch()) {
            return true;
        }
        Bundle.BundleEntrySearchComponent s = e.getSearch();
        return s.getId() == null && !s.hasExtension() && !s.hasModifierExtension() && !s.hasScore()
                && s.getMode() != null && s.getModeElement().getId() == null && !s.getModeElement().hasExtension();
    }

    /**
     * The answer's text in parts for any other Bundle: HAPI's encoding of it with a placeholder for each entry's
     * resource, the stored JSON put in their place.
     */
    private static List<String> entriesSpliced(Bundle bundle, IParser parser, String base, FhirContext ctx) {
        List<String> resources = new ArrayList<>(bundle.getEntry().size());
        List<String> placeholders = new ArrayList<>(bundle.getEntry().size());
        for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
            Resource r = entry.getResource();
            if (r == null) {
                continue;
            }
            resources.add(json(r, parser, base, ctx));
            Basic placeholder = new Basic();
            placeholder.setId(PLACEHOLDER_ID + placeholders.size());
            entry.setResource(placeholder);
            placeholders.add("{\"resourceType\":\"Basic\",\"id\":\"" + placeholder.getIdElement().getIdPart() + "\"}");
        }
        String shell = parser.encodeResourceToString(bundle);
        List<String> parts = new ArrayList<>(resources.size() * 2 + 1);
        int pos = 0;
        for (int i = 0; i < placeholders.size(); i++) {
            int at = shell.indexOf(placeholders.get(i), pos);
            if (at < 0) {
                throw new InternalErrorException("the BgZ answer could not be assembled from the stored resources ("
                        + "entry " + (i + 1) + " of " + placeholders.size() + " not found in the Bundle): report this "
                        + "to the Zorgbrug maintainers; adding _pretty=false to the query answers it the usual way");
            }
            parts.add(shell.substring(pos, at));
            parts.add(resources.get(i));
            pos = at + placeholders.get(i).length();
        }
        parts.add(shell.substring(pos));
        return parts;
    }

    /**
     * The entry's resource as JSON: the stored text, or HAPI's encoding of it where HAPI would write it differently (a
     * reference on the endpoint's base, which HAPI makes relative) or where nothing was stored with it.
     */
    private static String json(Resource r, IParser parser, String base, FhirContext ctx) {
        Object stored = r.getUserData(JSON);
        if (stored instanceof String json) {
            return base != null && json.contains(base)
                    ? parser.encodeResourceToString(ctx.newJsonParser().parseResource(json)) : json;
        }
        return parser.encodeResourceToString(r);
    }
}
