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
 * The instances are fetched and swapped one by one while the caller sends the ones before ({@link #open}, {@link
 * InstanceStream}): the first leaves before the last is fetched, and the work directory holds a few instances of an
 * answer, not the study. Each study asked for is one RETRIEVE in the audit trail (NEN 7513, exported as ATNA), written
 * when its answer ends: how many instances left, which were not served and why, or that the answer broke off after it
 * began; a refusal is written at once. The served work files are the caller's to stream out and delete
 * ({@link Served#file()}); files left by a caller that broke off are swept after an hour.
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

    /** One instance of an answer, prepared: served or not. */
    public sealed interface Prepared permits Missed, Served {
    }

    /** One instance not served, and why in words (identifiers masked). */
    public record Missed(String seriesInstanceUid, String sopInstanceUid, Problem problem, String detail)
            implements Prepared {
    }

    /** One instance ready to leave: the swapped PS3.10 file, to stream out and then delete. */
    public record Served(String seriesInstanceUid, String sopInstanceUid, String sopClassUid, String transferSyntax,
                         Path file) implements Prepared {
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

    /** What {@link #open} found before any instance is fetched. */
    public sealed interface Opened {
        /** This node registered no KOS of the study. */
        record Unknown(String studyInstanceUid) implements Opened {
        }

        /** The patient's consent does not allow it (or could not be asked): nothing was fetched; audited. */
        record Refused(AnswerConsent.Verdict verdict) implements Opened {
        }

        /** The checks that need no instance passed: the instances follow one by one from the stream. */
        record Streaming(InstanceStream stream) implements Opened {
        }
    }

    /**
     * Opens an answer that streams: the study's KOS and the patient's consent are checked here (nothing is fetched
     * before both pass); the instances the KOS lists are then fetched and swapped one by one, in the KOS's order, by a
     * thread of the stream, at most {@value #AHEAD} ahead of the caller, so that the next fetch overlaps the caller's
     * send and the work directory holds a few instances, not the study. The caller takes them with
     * {@link InstanceStream#next()}, says which it sent ({@link InstanceStream#sent}), and closes the stream, which writes the
     * RETRIEVE record of what left (or why the answer broke off) and deletes what was not sent.
     */
    public Opened open(Request request) throws IOException {
        Optional<KeptKos> kos = repository.registeredForStudy(request.studyInstanceUid());
        if (kos.isEmpty()) {
            return new Opened.Unknown(request.studyInstanceUid());
        }
        Bsn bsn = Bsn.parse(EbRim.read(kos.get().submission()).getSubmissionSet().getPatientId().getId());
        String study = request.studyInstanceUid();
        AnswerConsent.Verdict verdict = consent.check(bsn);
        if (verdict.kind() != AnswerConsent.Kind.PERMIT) {
            events.retrieved(bsn, study, kos.get().documentUniqueId(), false, request.transaction() + ": study "
                    + study + " refused (" + verdict.kind() + ")");
            return new Opened.Refused(verdict);
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
        if (listed.isEmpty() && missed.isEmpty()) {
            missed.add(new Missed(null, null, Problem.UNKNOWN, "series " + request.series() + " not in study " + study
                    + " as this node registered it"));
        }
        return new Opened.Streaming(new InstanceStream(request, bsn, kos.get().documentUniqueId(), listed, missed,
                events.forCaller()));
    }

    /** How many prepared instances may wait for the caller: the fetch of the next overlaps the send of this one. */
    static final int AHEAD = 1;
    /** A stream whose caller took nothing for this long is abandoned (its client went away): closed, files deleted. */
    static final Duration ABANDONED_AFTER = Duration.ofMinutes(10);

    /**
     * The instances of one answer, fetched and swapped by a thread of their own at most {@value #AHEAD} ahead of the
     * caller. Not thread-safe for more than one caller; {@link #close} may come from any thread (and comes from the
     * fetcher itself when the caller abandoned the stream).
     */
    public final class InstanceStream implements AutoCloseable {
        private static final Object END = new Object();
        private final Request request;
        private final Bsn bsn;
        private final String documentUniqueId;
        private final List<StudyManifest.Reference> listed;
        private final List<Missed> upFront;
        private final List<Missed> missed = new ArrayList<>();
        private final java.util.concurrent.BlockingQueue<Object> ready =
                new java.util.concurrent.ArrayBlockingQueue<>(AHEAD);
        private final Thread fetcher;
        private final SourceEvents audit;
        private int sent;
        private String brokenOff;
        private boolean ended;
        private volatile boolean closed;
        private final java.util.concurrent.CountDownLatch closing = new java.util.concurrent.CountDownLatch(1);

        private InstanceStream(Request request, Bsn bsn, String documentUniqueId, List<StudyManifest.Reference> listed,
                               List<Missed> upFront, SourceEvents audit) {
            this.request = request;
            this.audit = audit;
            this.bsn = bsn;
            this.documentUniqueId = documentUniqueId;
            this.listed = listed;
            this.upFront = List.copyOf(upFront);
            this.fetcher = new Thread(this::fetchAll, "retrieve-" + request.transaction() + "-"
                    + request.studyInstanceUid());
            fetcher.setDaemon(true);
            fetcher.start();
        }

        /** The instances asked for that are not in the KOS (known before any fetch). */
        public List<Missed> missedUpFront() {
            return upFront;
        }

        /** The instances the KOS lists of those asked: what {@link #next} will give, served or missed. */
        public List<StudyManifest.Reference> listed() {
            return listed;
        }

        /**
         * The next instance in the KOS's order, waiting for its fetch and swap: served (the work file is the caller's to
         * send and delete) or missed; empty after the last. A fault that is no "missed" (a work file that cannot be
         * written) is thrown here, and the stream gives nothing more.
         */
        public Optional<Prepared> next() throws IOException {
            if (ended) {
                return Optional.empty();
            }
            Object item;
            try {
                item = ready.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while waiting for the PACS");
            }
            if (item == END) {
                ended = true;
                return Optional.empty();
            }
            if (item instanceof IOException e) {
                ended = true;
                throw new IOException(e.getMessage(), e);
            }
            if (item instanceof RuntimeException e) {
                ended = true;
                throw new IllegalStateException(e.getMessage(), e);
            }
            if (item instanceof Missed m) {
                synchronized (this) {
                    missed.add(m);
                }
            }
            return Optional.of((Prepared) item);
        }

        /** The caller sent this instance out whole (counted in the RETRIEVE record). */
        public synchronized void sent(Served served) {
            sent++;
        }

        /** The answer broke off after it began (the client went away, or an instance failed): said in the record. */
        public synchronized void brokeOff(String why) {
            if (brokenOff == null) {
                brokenOff = why == null ? "broken off" : why;
            }
        }

        /** Stops the fetcher, deletes what was not sent, and writes the RETRIEVE record of what left. Idempotent. */
        @Override
        public void close() {
            synchronized (this) {
                if (closed) {
                    return;
                }
                closed = true;
            }
            closing.countDown();
            if (Thread.currentThread() != fetcher) {
                fetcher.interrupt();
                try {
                    fetcher.join(60_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            for (Object item; (item = ready.poll()) != null; ) {
                if (item instanceof Served s) {
                    delete(s.file());
                }
            }
            List<Missed> all = new ArrayList<>(upFront);
            int total;
            String why;
            synchronized (this) {
                all.addAll(missed);
                total = listed.size() + upFront.size();
                why = brokenOff;
            }
            String study = request.studyInstanceUid();
            String held = all.stream().filter(m -> m.problem() != Problem.UNKNOWN).map(m -> m.problem() + " "
                    + m.detail()).distinct().limit(3).collect(Collectors.joining("; "));
            audit.retrieved(bsn, study, documentUniqueId, sent > 0, request.transaction() + ": " + sent + " of "
                    + total + " instances of study " + study + " served"
                    + (held.isEmpty() ? "" : "; not served: " + held)
                    + (why == null ? "" : "; the answer broke off after it began: " + why));
        }

        /** The fetcher: each listed instance prepared and handed over, then END; stops when the stream is closed. */
        private void fetchAll() {
            try {
                for (StudyManifest.Reference r : listed) {
                    if (closed) {
                        return;
                    }
                    Object item;
                    try {
                        item = prepare(request.studyInstanceUid(), r, bsn, request.transferSyntaxes());
                    } catch (IOException | RuntimeException e) {
                        item = e;
                    }
                    if (!hand(item) || item instanceof Exception) {
                        return;
                    }
                }
                if (hand(END) && !closing.await(ABANDONED_AFTER.toMillis(),
                        java.util.concurrent.TimeUnit.MILLISECONDS)) {
                    // Everything handed over, yet the caller neither ended nor closed the answer (its client went
                    // away before reading the last): closed here, so that its RETRIEVE record is written.
                    brokeOff("the answer was not ended within " + ABANDONED_AFTER.toMinutes() + " minutes");
                    close();
                }
            } catch (InterruptedException e) {
                // closed by the caller
            }
        }

        /** Hands an item to the caller; false (and the item's file deleted) when the stream is closed or abandoned. */
        private boolean hand(Object item) throws InterruptedException {
            boolean taken = !closed && ready.offer(item, ABANDONED_AFTER.toMillis(),
                    java.util.concurrent.TimeUnit.MILLISECONDS);
            if (!taken) {
                if (item instanceof Served s) {
                    delete(s.file());
                }
                if (!closed) {
                    brokeOff("the client took nothing for " + ABANDONED_AFTER.toMinutes() + " minutes");
                    close();
                }
            }
            return taken;
        }
    }

    /** Fetches one instance and swaps it for export: the served work file, or why it is not served. */
    private Prepared prepare(String study, StudyManifest.Reference r, Bsn bsn, List<String> syntaxes)
            throws IOException {
        Files.createDirectories(workDir);
        Path raw = workDir.resolve(UUID.randomUUID() + ".raw");
        Path out = workDir.resolve(UUID.randomUUID() + ".dcm");
        try {
            try {
                if (!pacs.fetch(study, r.seriesInstanceUid(), r.sopInstanceUid(), null, raw)) {
                    return new Missed(r.seriesInstanceUid(), r.sopInstanceUid(), Problem.NOT_IN_PACS, "the PACS ("
                            + pacs.describe() + ") no longer has instance " + r.sopInstanceUid());
                }
                DicomFile head = Part10Reader.read(raw, StreamingEditor.HEAD_END);
                if (!syntaxes.isEmpty() && !syntaxes.contains(head.transferSyntax().uid())) {
                    // RAD TF-3 §4.69.4.1.2: in one of the syntaxes the consumer lists; the PACS transcodes.
                    if (!pacs.fetch(study, r.seriesInstanceUid(), r.sopInstanceUid(), syntaxes.get(0), raw)
                            || !syntaxes.contains(Part10Reader.read(raw, StreamingEditor.HEAD_END).transferSyntax()
                            .uid())) {
                        return new Missed(r.seriesInstanceUid(), r.sopInstanceUid(), Problem.TRANSFER_SYNTAX,
                                "the PACS keeps instance " + r.sopInstanceUid() + " in " + head.transferSyntax().uid()
                                        + " and gives it in none of " + syntaxes);
                    }
                }
            } catch (java.io.InterruptedIOException e) {
                throw e;
            } catch (IOException e) {
                return new Missed(r.seriesInstanceUid(), r.sopInstanceUid(), Problem.PACS_UNREACHABLE,
                        "the PACS (" + pacs.describe() + "): " + e.getMessage());
            }
            DataSet head = Part10Reader.read(raw, StreamingEditor.HEAD_END).dataSet();
            if (!study.equals(head.getString(Tag.StudyInstanceUID))
                    || !r.sopInstanceUid().equals(head.getString(Tag.SOPInstanceUID))) {
                return new Missed(r.seriesInstanceUid(), r.sopInstanceUid(), Problem.NOT_IN_PACS, "the PACS gave"
                        + " another object (" + head.getString(Tag.SOPInstanceUID) + ") for instance "
                        + r.sopInstanceUid());
            }
            SwapDecision decision = exportSwap.apply(head);
            if (decision instanceof SwapDecision.Refuse refuse) {
                return new Missed(r.seriesInstanceUid(), r.sopInstanceUid(), Problem.NOT_EXPORTABLE,
                        refuse.reason().name() + ": " + refuse.messageEn()
                                + (refuse.detail().isEmpty() ? "" : " (" + refuse.detail() + ")"));
            }
            if (!(decision instanceof SwapDecision.Apply apply)) {
                throw new IllegalStateException("the export swap answered " + decision + " for instance "
                        + r.sopInstanceUid() + "; only Apply or Refuse are expected on export");
            }
            StreamingEditor.apply(head, apply.edits());
            Optional<Bsn> leaving = PatientIdentity.of(head).bsnInPatientId();
            if (leaving.isEmpty() || !leaving.get().equals(bsn)) {
                return new Missed(r.seriesInstanceUid(), r.sopInstanceUid(), Problem.NOT_EXPORTABLE,
                        "BSN_DIFFERS: after the export swap instance " + r.sopInstanceUid() + " names "
                                + leaving.map(Bsn::masked).orElse("no BSN") + ", the registered study "
                                + bsn.masked() + "; check the patient in the PACS and the MPI");
            }
            StreamingEditor.edit(raw, out, h -> apply.edits(), false);
            Served served = new Served(r.seriesInstanceUid(), r.sopInstanceUid(), head.getString(Tag.SOPClassUID),
                    Part10Reader.read(out, StreamingEditor.HEAD_END).transferSyntax().uid(), out);
            out = null;
            return served;
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
