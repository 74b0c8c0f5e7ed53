package nl.zorgbrug.registry.model;

import java.util.List;
import java.util.Objects;

import org.openehealth.ipf.commons.ihe.xds.core.metadata.Association;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntry;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.SubmissionSet;

import nl.zorgbrug.bsn.Bsn;

/**
 * One accepted ITI-42 submission as the store must keep it, whole or not at all (ITI TF-2 §3.42.4.1.3: "the
 * Document Registry shall ... accept all the metadata or reject all"): the SubmissionSet, its DocumentEntries with
 * their index, the Associations, and the entries a replacement (RPLC) deprecates.
 *
 * @param digest SHA-256 of the request as received, to tell a resend after a lost answer from a different
 *               submission reusing a uniqueId
 */
public record Submission(Bsn bsn, SubmissionSet submissionSet, List<DocumentEntry> entries, List<IndexedEntry> index,
                         List<Association> associations, List<String> deprecates, String digest) {

    public Submission {
        Objects.requireNonNull(bsn, "bsn");
        Objects.requireNonNull(submissionSet, "submissionSet");
        Objects.requireNonNull(digest, "digest");
        entries = List.copyOf(entries);
        index = List.copyOf(index);
        associations = List.copyOf(associations);
        deprecates = List.copyOf(deprecates);
    }
}
