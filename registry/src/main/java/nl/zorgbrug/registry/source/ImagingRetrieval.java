package nl.zorgbrug.registry.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import nl.zorgbrug.bsn.Bsn;
import nl.zorgbrug.bsn.identity.PatientIdentity;
import nl.zorgbrug.bsn.swap.SwapDecision;
import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.edit.StreamingEditor;
import nl.zorgbrug.dicom.io.DicomFile;
import nl.zorgbrug.dicom.io.Part10Reader;
import nl.zorgbrug.gateway.manifest.StudyManifest;
import nl.zorgbrug.registry.model.EbRim;
import nl.zorgbrug.registry.service.AnswerConsent;
import nl.zorgbrug.registry.source.KosRepository.KeptKos;

/**
 * The instances of a study this node registered, for a consumer (issue 20 part 2: RAD-69 Retrieve Imaging Document Set,
 * RAD TF-3 §4.69, and WADO-RS, RAD-107 / PS3.18 §10.4). In this order:
 * <ol>
 *   <li>The study must have a KOS here that the registry took ({@link KosRepository#registeredForStudy}): the node
 *   serves only what it registered, and only the instances that KOS lists. Anything else is "unknown", never
 *   fetched.</li>
 *   <li>Consent (part 4, "before a pull is served"): the patient of that KOS, purpose image availability, for the
 *   caller's organisation, as for ITI-43. A refusal is answered as no consent, not as missing, and audited; nothing is
 *   fetched.</li>
 *   <li>Each instance is fetched from the own PACS ({@link OwnPacs}) into a work file, in the transfer syntax asked
 *   for when the PACS keeps it otherwise.</li>
 *   <li>The <b>export swap</b> (docs/bsn-in-dicom.md, the same rules as an export route): the local number and issuer
 *   out, the BSN with its OID in. The swap holds any instance whose patient has no <b>validated</b> BSN (Wabvpz:
 *   sharing with another provider needs a validated BSN), an identity conflict, or demographics that differ from the
 *   MPI's: such an instance is not served, and the answer says why. An instance that after the swap names another BSN
 *   than the registered KOS (the PACS's patient changed since) is not served either.</li>
 * </ol>
 * Each study asked for is one RETRIEVE in the audit trail (NEN 7513, exported as ATNA): served, or refused with the
 * reason. The served work files are the caller's to stream out and delete ({@link Served#file()}); files left by a
 * caller that broke off are swept after an hour.
 */
public final class ImagingRetrieval {
    /** Work files older than this are left over from a broken-off answer and deleted. */
    static final Duration SWEEP_AFTER = Duration.ofHours(1);

    /** What a consumer asked for: a study, optionally only some series, optionally only some instances. */
    public record Request(String transaction, String studyInstanceUid, Set<String> series, Set<String> instances,
                          List<String> transferSyntaxes) {
        public Request {
            Objects.requireNonNull(transaction, "transaction");
            Objects.requireNonNull(studyInstanceUid, "studyInstanceUid");
            series = series == null ? Set.of() : Set.copyOf(series);
            instances = instances == null ? Set.of() : Set.copyOf(instances);
            transferSyntaxes = transferSyntaxes == null ? List.of() : List.copyOf(transferSyntaxes);
        }
    }

    /** Why an instance asked for is not served. */
    public enum Problem {
        /** Not in a KOS this node registered: not ours to give. */
        UNKNOWN,
        /** The KOS lists it, but the PACS no longer has it. */
        NOT_IN_PACS,
        /** The PACS could not be asked, or broke off: ask again later. */
        PACS_UNREACHABLE,
        /** The export swap held it (no validated BSN, conflict, demographics): the reason code follows. */
        NOT_EXPORTABLE,
        /** The PACS has it in none of the transfer syntaxes asked for, nor would it transcode. */
        TRANSFER_SYNTAX
    }

    /** One instance not served, and why in words (identifiers masked). */
    public record Missed(String seriesInstanceUid, String sopInstanceUid, Problem problem, String detail) {
    }

    /** One instance ready to leave: the swapped PS3.10 file, to stream out and then delete. */
    public record Served(String seriesInstanceUid, String sopInstanceUid, String sopClassUid, String transferSyntax,
                         Path file) {
    }

    /** The answer for one study. */
    public sealed interface Answer {
        /** This node registered no KOS of the study. */
        record Unknown(String studyInstanceUid) implements Answer {
        }

        /** The patient's consent does not allow it (or could not be asked): nothing was fetched. */
        record Refused(AnswerConsent.Verdict verdict) implements Answer {
        }

        /** The instances served and those not. */
        record Instances(List<Served> served, List<Missed> missed) implements Answer {
        }
    }

    private final KosRepository repository;
    private final AnswerConsent consent;
    private final OwnPacs pacs;
    private final Function<DataSet, SwapDecision> exportSwap;
    private final SourceEvents events;
    private final Path workDir;
    private final Clock clock;

    /**
     * @param exportSwap the node's export swap on a head (the MPI behind it follows merges), as an export route does it
     * @param workDir    where fetched and swapped instances wait to be streamed out
     */
    public ImagingRetrieval(KosRepository repository, AnswerConsent consent, OwnPacs pacs,
                            Function<DataSet, SwapDecision> exportSwap, SourceEvents events, Path workDir,
                            Clock clock) {
        this.repository = repository;
        this.consent = consent;
        this.pacs = pacs;
        this.exportSwap = exportSwap;
        this.events = events;
        this.workDir = workDir;
        this.clock = clock;
    }

    public Answer retrieve(Request request) throws IOException {
        Optional<KeptKos> kos = repository.registeredForStudy(request.studyInstanceUid());
        if (kos.isEmpty()) {
            return new Answer.Unknown(request.studyInstanceUid());
        }
        Bsn bsn = Bsn.parse(EbRim.read(kos.get().submission()).getSubmissionSet().getPatientId().getId());
        String study = request.studyInstanceUid();
        AnswerConsent.Verdict verdict = consent.check(bsn);
        if (verdict.kind() != AnswerConsent.Kind.PERMIT) {
            events.retrieved(bsn, study, kos.get().documentUniqueId(), false, request.transaction() + ": study "
                    + study + " refused (" + verdict.kind() + ")");
            return new Answer.Refused(verdict);
        }
        sweep();
        List<StudyManifest.Reference> listed = KosRegistrar.listed(kos.get()).stream()
                .filter(r -> request.series().isEmpty() || request.series().contains(r.seriesInstanceUid()))
                .filter(r -> request.instances().isEmpty() || request.instances().contains(r.sopInstanceUid()))
                .toList();
        List<Missed> missed = new ArrayList<>();
        Set<String> known = listed.stream().map(StudyManifest.Reference::sopInstanceUid).collect(Collectors.toSet());
        for (String asked : request.instances()) {
            if (!known.contains(asked)) {
                missed.add(new Missed(null, asked, Problem.UNKNOWN, "instance " + asked + " is not in study " + study
                        + " as this node registered it"));
            }
        }
        List<Served> served = new ArrayList<>();
        for (StudyManifest.Reference r : listed) {
            try {
                prepare(study, r, bsn, request.transferSyntaxes(), served, missed);
            } catch (IOException | RuntimeException e) {
                served.forEach(s -> delete(s.file()));
                throw e;
            }
        }
        if (listed.isEmpty() && missed.isEmpty()) {
            missed.add(new Missed(null, null, Problem.UNKNOWN, "series " + request.series() + " not in study " + study
                    + " as this node registered it"));
        }
        String held = missed.stream().filter(m -> m.problem() != Problem.UNKNOWN).map(m -> m.problem() + " "
                + m.detail()).distinct().limit(3).collect(Collectors.joining("; "));
        events.retrieved(bsn, study, kos.get().documentUniqueId(), !served.isEmpty(), request.transaction() + ": "
                + served.size() + " of " + (served.size() + missed.size()) + " instances of study " + study + " served"
                + (held.isEmpty() ? "" : "; not served: " + held));
        return new Answer.Instances(List.copyOf(served), List.copyOf(missed));
    }

    /** Fetches one instance, swaps it for export, checks it; adds it to served or to missed. */
    private void prepare(String study, StudyManifest.Reference r, Bsn bsn, List<String> syntaxes, List<Served> served,
                         List<Missed> missed) throws IOException {
        Files.createDirectories(workDir);
        Path raw = workDir.resolve(UUID.randomUUID() + ".raw");
        Path out = workDir.resolve(UUID.randomUUID() + ".dcm");
        try {
            try {
                if (!pacs.fetch(study, r.seriesInstanceUid(), r.sopInstanceUid(), null, raw)) {
                    missed.add(new Missed(r.seriesInstanceUid(), r.sopInstanceUid(), Problem.NOT_IN_PACS, "the PACS ("
                            + pacs.describe() + ") no longer has instance " + r.sopInstanceUid()));
                    return;
                }
                DicomFile head = Part10Reader.read(raw, StreamingEditor.HEAD_END);
                if (!syntaxes.isEmpty() && !syntaxes.contains(head.transferSyntax().uid())) {
                    // RAD TF-3 §4.69.4.1.2: in one of the syntaxes the consumer lists; the PACS transcodes.
                    if (!pacs.fetch(study, r.seriesInstanceUid(), r.sopInstanceUid(), syntaxes.get(0), raw)
                            || !syntaxes.contains(Part10Reader.read(raw, StreamingEditor.HEAD_END).transferSyntax()
                            .uid())) {
                        missed.add(new Missed(r.seriesInstanceUid(), r.sopInstanceUid(), Problem.TRANSFER_SYNTAX,
                                "the PACS keeps instance " + r.sopInstanceUid() + " in " + head.transferSyntax().uid()
                                        + " and gives it in none of " + syntaxes));
                        return;
                    }
                }
            } catch (IOException e) {
                missed.add(new Missed(r.seriesInstanceUid(), r.sopInstanceUid(), Problem.PACS_UNREACHABLE,
                        "the PACS (" + pacs.describe() + "): " + e.getMessage()));
                return;
            }
            DataSet head = Part10Reader.read(raw, StreamingEditor.HEAD_END).dataSet();
            if (!study.equals(head.getString(Tag.StudyInstanceUID))
                    || !r.sopInstanceUid().equals(head.getString(Tag.SOPInstanceUID))) {
                missed.add(new Missed(r.seriesInstanceUid(), r.sopInstanceUid(), Problem.NOT_IN_PACS, "the PACS gave"
                        + " another object (" + head.getString(Tag.SOPInstanceUID) + ") for instance "
                        + r.sopInstanceUid()));
                return;
            }
            SwapDecision decision = exportSwap.apply(head);
            if (decision instanceof SwapDecision.Refuse refuse) {
                missed.add(new Missed(r.seriesInstanceUid(), r.sopInstanceUid(), Problem.NOT_EXPORTABLE,
                        refuse.reason().name() + ": " + refuse.messageEn()
                                + (refuse.detail().isEmpty() ? "" : " (" + refuse.detail() + ")")));
                return;
            }
            if (!(decision instanceof SwapDecision.Apply apply)) {
                throw new IllegalStateException("the export swap answered " + decision + " for instance "
                        + r.sopInstanceUid() + "; only Apply or Refuse are expected on export");
            }
            StreamingEditor.apply(head, apply.edits());
            Optional<Bsn> leaving = PatientIdentity.of(head).bsnInPatientId();
            if (leaving.isEmpty() || !leaving.get().equals(bsn)) {
                missed.add(new Missed(r.seriesInstanceUid(), r.sopInstanceUid(), Problem.NOT_EXPORTABLE,
                        "BSN_DIFFERS: after the export swap instance " + r.sopInstanceUid() + " names "
                                + leaving.map(Bsn::masked).orElse("no BSN") + ", the registered study "
                                + bsn.masked() + "; check the patient in the PACS and the MPI"));
                return;
            }
            StreamingEditor.edit(raw, out, h -> apply.edits(), false);
            served.add(new Served(r.seriesInstanceUid(), r.sopInstanceUid(), head.getString(Tag.SOPClassUID),
                    Part10Reader.read(out, StreamingEditor.HEAD_END).transferSyntax().uid(), out));
            out = null;
        } finally {
            delete(raw);
            if (out != null) {
                delete(out);
            }
        }
    }

    /** Deletes work files that a broken-off answer left behind. */
    private void sweep() {
        if (!Files.isDirectory(workDir)) {
            return;
        }
        Instant before = clock.instant().minus(SWEEP_AFTER);
        try (Stream<Path> files = Files.list(workDir)) {
            files.filter(f -> {
                try {
                    return Files.getLastModifiedTime(f).toInstant().isBefore(before);
                } catch (IOException e) {
                    return false;
                }
            }).forEach(ImagingRetrieval::delete);
        } catch (IOException e) {
            // A sweep that fails now is done at the next retrieve.
        }
    }

    static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // swept later
        }
    }
}
