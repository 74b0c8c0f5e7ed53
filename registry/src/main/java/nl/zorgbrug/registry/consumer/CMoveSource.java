package nl.zorgbrug.registry.consumer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Function;

import nl.zorgbrug.dicom.io.DicomFile;
import nl.zorgbrug.dicom.io.Part10Reader;
import nl.zorgbrug.dicom.net.service.MoveRetriever;

/**
 * The instances from the source's DICOM node by C-MOVE (RAD TF-2 §4.16 Retrieve Images, PS3.4 C.4.2; issue 20 part 3:
 * "instances by RAD-69, WADO-RS or C-MOVE, as the address book lists"), for a source without DICOMweb or RAD-69: the
 * repository's address names the address-book entry whose AE title, host and port are the source's PACS (or its
 * Q/R node).
 *
 * <p><b>One instance per C-MOVE, at IMAGE level, to the import's own move destination</b> ({@link MoveRetriever}), the
 * file read and handed back as WADO-RS and RAD-69 hand theirs: the import then does with it what it does with theirs
 * (the source's id to the BSN, another patient to the quarantine worklist, the instance marked in hand before the
 * import route gets it and recorded handed after; StudyImport.Progress), so kill-safety and the per-instance records
 * hold unchanged. A study- or series-level C-MOVE would be fewer round trips, but would bring again, after a retry or
 * a stop, the instances already handed on, and those are not byte-identical to the first copy; the import fetches only
 * what it has not handed on, one by one. The moved file is read into memory (as WADO-RS's answer is) and deleted.
 */
public final class CMoveSource implements StudyImport.InstanceSource {

    /** The DICOM node of an address-book entry, and how the node reaches it. */
    @FunctionalInterface
    public interface Nodes {
        /** @throws IOException the entry is not in the address book, or has no AE title, host and port */
        MoveRetriever.Target node(String addressBookKey) throws IOException;
    }

    private final Function<String, RepositoryAddress> addresses;
    private final Nodes nodes;
    private final MoveRetriever retriever;

    public CMoveSource(Function<String, RepositoryAddress> addresses, Nodes nodes, MoveRetriever retriever) {
        this.addresses = Objects.requireNonNull(addresses);
        this.nodes = Objects.requireNonNull(nodes);
        this.retriever = Objects.requireNonNull(retriever);
    }

    @Override
    public DicomFile fetch(String repositoryUniqueId, ManifestInstances.Instance i) throws IOException {
        RepositoryAddress address = addresses.apply(repositoryUniqueId);
        if (address == null || address.institution() == null || address.institution().isBlank()) {
            throw new IOException("no address-book entry is known for repository " + repositoryUniqueId + ": its"
                    + " C-MOVE source is zorgbrug.registry.consumer.repositories[].institution");
        }
        MoveRetriever.Target pacs = nodes.node(address.institution());
        Path moved = retriever.retrieve(pacs, i.studyInstanceUid(), i.seriesInstanceUid(), i.sopInstanceUid());
        if (moved == null) {
            throw new IOException("the source's PACS " + pacs.peer() + " (address-book entry '" + address.institution()
                    + "') answered C-MOVE of instance " + i.sopInstanceUid() + " with nothing to send: it does not"
                    + " have the instance the KOS lists");
        }
        try {
            DicomFile file = Part10Reader.read(moved);
            if (!i.sopInstanceUid().equals(file.sopInstanceUid())) {
                throw new IOException("the source's PACS " + pacs.peer() + " sent instance " + file.sopInstanceUid()
                        + " for " + i.sopInstanceUid());
            }
            return file;
        } finally {
            Files.deleteIfExists(moved);
        }
    }
}
