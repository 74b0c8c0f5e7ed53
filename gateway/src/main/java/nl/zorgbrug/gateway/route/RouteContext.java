package nl.zorgbrug.gateway.route;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import nl.zorgbrug.bsn.classify.Verdict;
import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.edit.Edit;

/**
 * What the steps of a route share while deciding on one object: its header (the head the
 * streaming editor decodes), the edits collected so far, and the verdict of the classifier.
 */
public final class RouteContext {
    private final DataSet header;
    private final Instant now;
    private final List<Edit> edits = new ArrayList<>();
    private Verdict verdict;

    public RouteContext(DataSet header, Instant now) {
        this.header = header;
        this.now = now;
    }

    public DataSet header() {
        return header;
    }

    public Instant now() {
        return now;
    }

    public List<Edit> edits() {
        return List.copyOf(edits);
    }

    public void addEdits(List<Edit> more) {
        edits.addAll(more);
    }

    public Verdict verdict() {
        return verdict;
    }

    public void verdict(Verdict value) {
        this.verdict = value;
    }
}
