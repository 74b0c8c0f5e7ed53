package nl.zorgbrug.dicom.net.service;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.edit.Edit;
import nl.zorgbrug.dicom.edit.StreamingEditor;
import nl.zorgbrug.dicom.encoding.TransferSyntax;
import nl.zorgbrug.dicom.io.DicomFile;
import nl.zorgbrug.dicom.io.DicomWriter;
import nl.zorgbrug.dicom.io.Part10Reader;
import nl.zorgbrug.dicom.net.assoc.Association;
import nl.zorgbrug.dicom.net.assoc.Connector;
import nl.zorgbrug.dicom.net.assoc.PresentationContext;
import nl.zorgbrug.dicom.net.dimse.CommandField;
import nl.zorgbrug.dicom.net.dimse.CommandSet;
import nl.zorgbrug.dicom.net.dimse.DataWriter;
import nl.zorgbrug.dicom.net.dimse.Dimse;
import nl.zorgbrug.dicom.net.dimse.DimseMessage;
import nl.zorgbrug.dicom.net.dimse.Status;
import nl.zorgbrug.dicom.net.pdu.PresentationContextRq;

/**
 * Storage SCU (PS3.4 Annex B): sends PS3.10 files with C-STORE. The data set streams from the file
 * to the association as stored when the peer accepted the file's transfer syntax; otherwise it is
 * converted between the uncompressed syntaxes (implicit/explicit little endian, big endian,
 * deflated). Compressed files the peer cannot take in their own syntax fail with a clear message:
 * we have no codecs, by design.
 */
public final class StoreScu {
    /** PS3.8 9.3.2.2: context ids are odd numbers 1..255, so at most 128 contexts. */
    public static final int MAX_CONTEXTS = 128;

    private static final List<String> UNCOMPRESSED = List.of(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid(),
            TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN.uid());

    private StoreScu() {
    }

    /** What we need to know of a file before an association is opened. */
    public record FileInfo(Path path, String sopClassUid, String sopInstanceUid, TransferSyntax transferSyntax) {
    }

    /** Reads the File Meta Information (and, if it lacks the UIDs, the header) of a PS3.10 file. */
    public static FileInfo inspect(Path file) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 8192)) {
            Part10Reader.Opened opened = Part10Reader.open(in, file.toString(), Files.size(file));
            String cuid = opened.fileMeta().getString(Tag.MediaStorageSOPClassUID);
            String iuid = opened.fileMeta().getString(Tag.MediaStorageSOPInstanceUID);
            if (cuid == null || iuid == null || cuid.isEmpty() || iuid.isEmpty()) {
                DicomFile header = Part10Reader.readHeader(file);
                cuid = header.sopClassUid();
                iuid = header.sopInstanceUid();
            }
            if (cuid == null || iuid == null) {
                throw new IOException(file + ": no SOP Class UID or SOP Instance UID in File Meta Information or data set");
            }
            return new FileInfo(file, cuid, iuid, opened.transferSyntax());
        }
    }

    /**
     * Presentation contexts for a set of files: per SOP class one context for each transfer syntax the
     * files are in, plus one with explicit and implicit VR little endian as a fallback for conversion.
     */
    public static List<PresentationContextRq> contexts(Collection<FileInfo> files) throws IOException {
        Map<String, Set<String>> byClass = new LinkedHashMap<>();
        for (FileInfo f : files) {
            byClass.computeIfAbsent(f.sopClassUid(), k -> new LinkedHashSet<>()).add(f.transferSyntax().uid());
        }
        List<PresentationContextRq> pcs = new ArrayList<>();
        int id = 1;
        for (Map.Entry<String, Set<String>> e : byClass.entrySet()) {
            for (String ts : e.getValue()) {
                pcs.add(new PresentationContextRq(id, e.getKey(), List.of(ts)));
                id += 2;
            }
            if (!e.getValue().containsAll(UNCOMPRESSED)) {
                pcs.add(new PresentationContextRq(id, e.getKey(), UNCOMPRESSED));
                id += 2;
            }
            if (pcs.size() > MAX_CONTEXTS) {
                throw new IOException("the files need more than " + MAX_CONTEXTS + " presentation contexts ("
                        + byClass.size() + " SOP classes); send them in smaller batches");
            }
        }
        return pcs;
    }

    /**
     * Sends one file and returns the peer's status. Throws when the file cannot be sent at all on
     * this association (no accepted context, compressed syntax not accepted, unreadable file).
     */
    public static Status store(Dimse dimse, FileInfo file) throws IOException {
        return store(dimse, file, List.of());
    }

    /**
     * Sends one file with edits to its head applied on the way (the streaming editor writes straight
     * into the P-DATA stream, so no edited copy is written to disk); otherwise as
     * {@link #store(Dimse, FileInfo)}. The edits are given before the association's I/O starts, so an
     * edit that cannot be made fails before anything is on the wire.
     */
    public static Status store(Dimse dimse, FileInfo file, List<Edit> edits) throws IOException {
        Association as = dimse.association();
        PresentationContext exact = as.findContext(file.sopClassUid(), file.transferSyntax().uid());
        PresentationContext pc = exact;
        if (pc == null) {
            for (String ts : UNCOMPRESSED) {
                pc = as.findContext(file.sopClassUid(), ts);
                if (pc != null) {
                    break;
                }
            }
            if (pc == null) {
                for (PresentationContext any : as.acceptedContexts().values()) {
                    if (any.abstractSyntax().equals(file.sopClassUid())
                            && TransferSyntax.of(any.transferSyntax()).isUncompressed()) {
                        pc = any;
                        break;
                    }
                }
            }
            if (pc == null) {
                throw new IOException(file.path() + ": " + as.peer() + " accepted no presentation context for SOP class "
                        + StorageSopClasses.keyword(file.sopClassUid()) + " in " + file.transferSyntax().name()
                        + " or an uncompressed transfer syntax");
            }
            if (!file.transferSyntax().isUncompressed()) {
                throw new IOException(file.path() + " is in " + file.transferSyntax() + ", which " + as.peer()
                        + " did not accept; converting compressed pixel data needs a codec, which zorgbrug does not have."
                        + " Convert the file (e.g. dcmdjpeg) or configure the peer to accept this transfer syntax");
            }
        }
        TransferSyntax target = TransferSyntax.of(pc.transferSyntax());
        int id = dimse.nextMessageId();
        CommandSet rq = CommandSet.cStoreRq(id, file.sopClassUid(), file.sopInstanceUid(), CommandSet.PRIORITY_MEDIUM,
                null, 0);
        DataWriter data;
        if (edits.isEmpty()) {
            data = exact != null ? out -> copyAsStored(file, out) : out -> convert(file, target, out, edits);
        } else {
            data = exact != null ? out -> editAsStored(file, out, edits) : out -> convert(file, target, out, edits);
        }
        dimse.write(pc.id(), rq, data);
        DimseMessage rsp = Responses.await(dimse, id, CommandField.C_STORE_RSP);
        return rsp.command().status();
    }

    /** What happened to one file: the peer's status, or why it could not be sent. */
    public record Outcome(Path file, String sopInstanceUid, Status status, String error) {
        public boolean ok() {
            return error == null && status != null && !status.isFailure();
        }

        @Override
        public String toString() {
            return file + ": " + (error != null ? "not sent: " + error : status.toString());
        }
    }

    /** Told after each file, for progress output. */
    @FunctionalInterface
    public interface Listener {
        void done(Outcome outcome, int completed, int total);
    }

    /**
     * Sends files to host:port: reads their meta first, opens as many associations as the presentation
     * contexts need (at most 128 per association), stores file by file and releases. A file that fails
     * does not stop the others; an association that breaks fails the rest of its batch.
     */
    public static List<Outcome> send(Connector connector, String callingAeTitle, String calledAeTitle, String host,
                                     int port, List<Path> files, Listener listener) throws IOException {
        List<Outcome> outcomes = new ArrayList<>();
        List<FileInfo> infos = new ArrayList<>();
        int total = files.size();
        for (Path f : files) {
            try {
                infos.add(inspect(f));
            } catch (IOException | RuntimeException e) {
                Outcome o = new Outcome(f, null, null, e.getMessage());
                outcomes.add(o);
                listener.done(o, outcomes.size(), total);
            }
        }
        for (List<FileInfo> batch : batches(infos)) {
            Association as = connector.connect(host, port, connector.request(callingAeTitle, calledAeTitle,
                    contexts(batch), List.of(), null));
            Dimse dimse = new Dimse(as);
            String broken = null;
            try {
                for (FileInfo f : batch) {
                    Outcome o;
                    if (broken != null) {
                        o = new Outcome(f.path(), f.sopInstanceUid(), null, broken);
                    } else {
                        try {
                            o = new Outcome(f.path(), f.sopInstanceUid(), store(dimse, f), null);
                        } catch (IOException e) {
                            o = new Outcome(f.path(), f.sopInstanceUid(), null, e.getMessage());
                            if (as.isClosed()) {
                                broken = "association ended: " + e.getMessage();
                            }
                        }
                    }
                    outcomes.add(o);
                    listener.done(o, outcomes.size(), total);
                }
                if (!as.isClosed()) {
                    as.release();
                }
            } finally {
                as.close();
            }
        }
        return outcomes;
    }

    /** Files grouped so each group's presentation contexts fit one association. */
    static List<List<FileInfo>> batches(List<FileInfo> infos) throws IOException {
        Map<String, List<FileInfo>> byClass = new LinkedHashMap<>();
        for (FileInfo f : infos) {
            byClass.computeIfAbsent(f.sopClassUid(), k -> new ArrayList<>()).add(f);
        }
        List<List<FileInfo>> batches = new ArrayList<>();
        List<FileInfo> current = new ArrayList<>();
        for (List<FileInfo> group : byClass.values()) {
            List<FileInfo> candidate = new ArrayList<>(current);
            candidate.addAll(group);
            if (!current.isEmpty() && contextCount(candidate) > MAX_CONTEXTS) {
                batches.add(current);
                current = new ArrayList<>(group);
            } else {
                current = candidate;
            }
        }
        if (!current.isEmpty()) {
            batches.add(current);
        }
        return batches;
    }

    private static int contextCount(List<FileInfo> files) {
        try {
            return contexts(files).size();
        } catch (IOException e) {
            return Integer.MAX_VALUE;
        }
    }

    /** The data set bytes after the File Meta Information, unchanged (deflated data stays deflated). */
    private static void copyAsStored(FileInfo file, OutputStream out) throws IOException {
        try (InputStream in = Files.newInputStream(file.path())) {
            Part10Reader.Opened opened = Part10Reader.open(in, file.path().toString(), Files.size(file.path()));
            opened.input().transferRest(out);
        }
    }

    /** The data set in its own transfer syntax, with the edits applied to its head by the streaming editor. */
    private static void editAsStored(FileInfo file, OutputStream out, List<Edit> edits) throws IOException {
        try (InputStream in = Files.newInputStream(file.path())) {
            StreamingEditor.editDataSet(Part10Reader.open(in, file.path().toString(), Files.size(file.path())), out,
                    head -> edits);
        }
    }

    /** Re-encodes the data set, edited, in another uncompressed transfer syntax (PS3.5 A.1-A.5). */
    private static void convert(FileInfo file, TransferSyntax target, OutputStream out, List<Edit> edits)
            throws IOException {
        DicomFile df = Part10Reader.read(file.path());
        DataSet ds = df.dataSet();
        if (!edits.isEmpty()) {
            StreamingEditor.apply(ds, edits);
        }
        if (target.deflated()) {
            Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
            try {
                DeflaterOutputStream d = new DeflaterOutputStream(out, deflater, 64 * 1024);
                new DicomWriter(d).writeDataSet(ds, target);
                d.finish();
            } finally {
                deflater.end();
            }
        } else {
            new DicomWriter(out).writeDataSet(ds, target);
        }
    }
}
