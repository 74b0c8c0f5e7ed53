package nl.zorgbrug.registry.source;

import java.util.ArrayList;
import java.util.List;

import nl.zorgbrug.bsn.Bsn;

/**
 * The source's audit events of the retrieval tests: each retrieve as "{served} {detail}", in order, so that a test
 * asserts what the audit trail would say; registrations are not these tests' concern.
 */
final class RecordedRetrievals implements SourceEvents {
    final List<String> audited = new ArrayList<>();

    @Override
    public void registered(Bsn bsn, String study, String uid, long job, String registry, Outcome outcome,
                           String detail) {
    }

    @Override
    public void retrieved(Bsn bsn, String study, String uid, boolean served, String detail) {
        audited.add(served + " " + detail);
    }
}
