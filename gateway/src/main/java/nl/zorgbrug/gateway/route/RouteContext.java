package nl.zorgbrug.gateway.route;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import nl.zorgbrug.bsn.classify.Verdict;
import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.edit.Edit;

/**
 * What the steps of a route share while deciding on one object: its header (the head the
 * streaming editor decodes), who sent it, the edits collected so far, and the verdict of the classifier.
 */
public final class RouteContext {
    private final DataSet header;
    private final String callingAeTitle;
    private final Instant now;
    private final List<Edit> edits = new ArrayList<>();
    private Verdict verdict;
    private RouteDecision.Hold holdBeforeEditing;

    public RouteContext(DataSet header, Instant now) {
        this(header, null, now);
    }

    /**
     * @param callingAeTitle who sent the object: the calling AE title of its association (for STOW-RS the name the
     *                       intake gives the user), as the spool keeps it in (0002,0016); null when not known
     */
    public RouteContext(DataSet header, String callingAeTitle, Instant now) {
        this.header = header;
        this.callingAeTitle = callingAeTitle;
        this.now = now;
    }

    /** Who sent the object, or null when not known. */
    public String callingAeTitle() {
        return callingAeTitle;
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

    /**
     * The object must not be edited, for this reason, but may pass as it is: a step that finds the object's text
     * unsafe to change (its Specific Character Set does not fit its bytes, {@link CharsetCheck}) says so here, and
     * the route holds the object only when a later step wants to change it ({@link Route#decide}). The first
     * reason given is kept.
     */
    public void holdBeforeEditing(String code, String messageNl, String messageEn) {
        if (holdBeforeEditing == null) {
            holdBeforeEditing = new RouteDecision.Hold(code, messageNl, messageEn, null);
        }
    }

    /** The hold a step asked for before any edit, with the verdict as it stands now; empty when none was. */
    public java.util.Optional<RouteDecision> holdForEditing() {
        return java.util.Optional.ofNullable(holdBeforeEditing).map(h -> new RouteDecision.Hold(h.code(),
                h.messageNl(), h.messageEn(), verdict));
    }
}
