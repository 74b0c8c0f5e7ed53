package nl.zorgbrug.app.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import nl.zorgbrug.app.access.PatientData;
import nl.zorgbrug.audit.event.EventType;
import nl.zorgbrug.registry.source.ImagingRetrieval;

/**
 * WADO-RS retrieve (RAD-107; DICOM PS3.18 §10.4) of a study, a series or an instance this node registered, for a
 * consumer (issue 20 part 2): {@code GET /dicomweb/wado/studies/{study}[/series/{series}[/instances/{instance}]]} with
 * {@code Accept: multipart/related; type="application/dicom"[; transfer-syntax=...]} (PS3.18 §8.7.3.5). The caller
 * logs in as the node's other machine clients do (HTTP Basic, a user with role SENDER, over the node's HTTPS) and is
 * asked consent for as on ITI-43 and RAD-69 ({@code zorgbrug.registry.requesters} gives its organisation); the
 * instances come from the own PACS through the export swap ({@link ImagingRetrieval}). The answer (PS3.18 §10.4.3):
 * <ul>
 *   <li>200 multipart/related, one part per instance ({@code application/dicom; transfer-syntax=...}); 206 when some
 *   instances were not served, with a {@code Warning: 299} header per reason;</li>
 *   <li>403 {@code NO_CONSENT: ...} / {@code CONSENT_UNAVAILABLE: ...} / {@code UNKNOWN_REQUESTER: ...} (no consent is
 *   never "not found"), or {@code NOT_EXPORTABLE: ...} when the export swap held every instance (no validated BSN);</li>
 *   <li>404 for a study, series or instance this node did not register, or that the PACS no longer has; 406 for an
 *   Accept without {@code application/dicom}, or a transfer syntax the PACS will not give; 503 when the PACS cannot be
 *   asked.</li>
 * </ul>
 * Each study asked for is a RETRIEVE of the caller in the trail, written by {@link ImagingRetrieval} (served or refused,
 * with the reason), so the handlers are {@code recordedByDomain}.
 */
@RestController
class ImagingWadoRsController {
    /** PS3.5 A.2: the default transfer syntax of application/dicom in WADO-RS (PS3.18 Table 8.7.3-2). */
    static final String EXPLICIT_VR_LITTLE_ENDIAN = "1.2.840.10008.1.2.1";
    private final ObjectProvider<ImagingRetrieval> retrieval;

    ImagingWadoRsController(ObjectProvider<ImagingRetrieval> retrieval) {
        this.retrieval = retrieval;
    }

    @PatientData(value = EventType.RETRIEVE, recordedByDomain = true)
    @GetMapping("/dicomweb/wado/studies/{study}")
    void study(@PathVariable String study, @RequestHeader(value = "Accept", required = false) String accept,
               HttpServletResponse response) throws IOException {
        retrieve(study, Set.of(), Set.of(), accept, response);
    }

    @PatientData(value = EventType.RETRIEVE, recordedByDomain = true)
    @GetMapping("/dicomweb/wado/studies/{study}/series/{series}")
    void series(@PathVariable String study, @PathVariable String series,
                @RequestHeader(value = "Accept", required = false) String accept, HttpServletResponse response)
            throws IOException {
        retrieve(study, Set.of(series), Set.of(), accept, response);
    }

    @PatientData(value = EventType.RETRIEVE, recordedByDomain = true)
    @GetMapping("/dicomweb/wado/studies/{study}/series/{series}/instances/{instance}")
    void instance(@PathVariable String study, @PathVariable String series, @PathVariable String instance,
                  @RequestHeader(value = "Accept", required = false) String accept, HttpServletResponse response)
            throws IOException {
        retrieve(study, Set.of(series), Set.of(instance), accept, response);
    }

    private void retrieve(String study, Set<String> series, Set<String> instances, String accept,
                          HttpServletResponse response) throws IOException {
        ImagingRetrieval source = retrieval.getIfAvailable();
        if (source == null) {
            text(response, 404, "NOT_A_SOURCE: this node serves no instances (zorgbrug.registry.source.enabled and"
                    + " zorgbrug.registry.source.pacs.url or .pacs.node are not both set)");
            return;
        }
        String syntax = transferSyntax(accept);
        if (syntax == null) {
            text(response, 406, "only multipart/related; type=\"application/dicom\" is served here (PS3.18 8.7.3.5)");
            return;
        }
        ImagingRetrieval.Opened opened = source.open(new ImagingRetrieval.Request("WADO-RS", study, series,
                instances, syntax.equals("*") ? List.of() : List.of(syntax)));
        if (opened instanceof ImagingRetrieval.Opened.Unknown) {
            text(response, 404, "study " + study + " is not registered by this source");
            return;
        }
        if (opened instanceof ImagingRetrieval.Opened.Refused refused) {
            text(response, 403, refused.verdict().kind() + ": " + refused.verdict().detail());
            return;
        }
        try (ImagingRetrieval.InstanceStream stream = ((ImagingRetrieval.Opened.Streaming) opened).stream()) {
            stream(stream, response);
        }
    }

    /**
     * The answer as the instances come: the status line and headers wait for the first instance served (or the end),
     * so that what is known before the first byte decides them as PS3.18 §10.4.3 says (200; 206 with a {@code
     * Warning: 299} per reason when instances before it were not served; 403/404/406/503 when none is); each instance
     * is then written as soon as it is fetched and swapped, while the next is fetched. An instance found unservable
     * after the answer began cannot change its status any more: the answer breaks off without its closing boundary
     * (RFC 2046 §5.1.1), so no client takes the parts it got for the whole study, and the RETRIEVE record says so.
     */
    private static void stream(ImagingRetrieval.InstanceStream stream, HttpServletResponse response)
            throws IOException {
        List<ImagingRetrieval.Missed> missed = new ArrayList<>(stream.missedUpFront());
        Optional<ImagingRetrieval.Prepared> next = stream.next();
        while (next.isPresent() && next.get() instanceof ImagingRetrieval.Missed m) {
            missed.add(m);
            next = stream.next();
        }
        if (next.isEmpty()) {
            Set<ImagingRetrieval.Problem> problems = missed.stream().map(ImagingRetrieval.Missed::problem)
                    .collect(Collectors.toSet());
            String words = missed.stream().map(m -> m.problem() + ": " + m.detail()).distinct().limit(5)
                    .collect(Collectors.joining("\n"));
            int status = problems.contains(ImagingRetrieval.Problem.NOT_EXPORTABLE) ? 403
                    : problems.contains(ImagingRetrieval.Problem.PACS_UNREACHABLE) ? 503
                    : problems.contains(ImagingRetrieval.Problem.TRANSFER_SYNTAX) ? 406 : 404;
            text(response, status, words);
            return;
        }
        String boundary = "zorgbrug-" + UUID.randomUUID();
        response.setStatus(missed.isEmpty() ? 200 : 206);
        missed.stream().map(m -> m.problem() + ": " + m.detail()).distinct().limit(10).forEach(w ->
                response.addHeader("Warning", "299 zorgbrug \"" + w.replace('"', '\'') + "\""));
        response.setContentType("multipart/related; type=\"application/dicom\"; boundary=" + boundary);
        OutputStream out = response.getOutputStream();
        try {
            for (; next.isPresent(); next = stream.next()) {
                if (next.get() instanceof ImagingRetrieval.Missed m) {
                    throw new BrokenOff(m.problem() + ": " + m.detail());
                }
                ImagingRetrieval.Served s = (ImagingRetrieval.Served) next.get();
                try {
                    out.write(("--" + boundary + "\r\nContent-Type: application/dicom; transfer-syntax="
                            + s.transferSyntax() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    try (InputStream in = Files.newInputStream(s.file())) {
                        in.transferTo(out);
                    }
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    stream.sent(s);
                } finally {
                    Files.deleteIfExists(s.file());
                }
            }
            out.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
            out.close();
        } catch (IOException | RuntimeException e) {
            stream.brokeOff(e.getMessage());
            // Thrown on: the container ends the connection without the last chunk, the multipart without its close
            // delimiter; nothing more can be said to a client once the status line has gone.
            throw e;
        }
    }

    /** An instance found unservable after the answer began: the answer breaks off (see {@link #stream}). */
    static final class BrokenOff extends IOException {
        BrokenOff(String why) {
            super("instance not served after the answer began, answer broken off: " + why);
        }
    }

    /**
     * The transfer syntax the Accept header asks for (PS3.18 §8.7.3.5.2, Table 8.7.3-2): the one named; Explicit VR
     * Little Endian, the default of {@code application/dicom}, when none is named; {@code *} (as the PACS keeps it) when
     * {@code transfer-syntax=*}; null when no accepted type is {@code multipart/related; type="application/dicom"} (or a
     * wildcard).
     */
    static String transferSyntax(String accept) {
        if (accept == null || accept.isBlank()) {
            return EXPLICIT_VR_LITTLE_ENDIAN;
        }
        for (String type : accept.split(",")) {
            String[] params = type.split(";");
            String media = params[0].strip().toLowerCase(Locale.ROOT);
            if (media.equals("*/*") || media.equals("multipart/*")) {
                return EXPLICIT_VR_LITTLE_ENDIAN;
            }
            if (!media.equals("multipart/related")) {
                continue;
            }
            String partType = null;
            String syntax = EXPLICIT_VR_LITTLE_ENDIAN;
            for (int i = 1; i < params.length; i++) {
                String[] kv = params[i].split("=", 2);
                if (kv.length != 2) {
                    continue;
                }
                String key = kv[0].strip().toLowerCase(Locale.ROOT);
                String value = kv[1].strip().replace("\"", "");
                if (key.equals("type")) {
                    partType = value.toLowerCase(Locale.ROOT);
                } else if (key.equals("transfer-syntax")) {
                    syntax = value;
                }
            }
            if (partType == null || partType.equals("application/dicom")) {
                return syntax;
            }
        }
        return null;
    }

    private static void text(HttpServletResponse response, int status, String body) throws IOException {
        response.setStatus(status);
        response.setContentType("text/plain;charset=UTF-8");
        response.getOutputStream().write((body + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
