package nl.zorgbrug.dicom.net.ul;

/**
 * The actions of the DICOM Upper Layer protocol machine, PS3.8 Tables 9-6 to 9-9, each with the
 * state it leads to. AE-6 and AR-8 have two possible next states; {@link #next(boolean)} picks one.
 */
public enum Action {
    AE_1("Issue TRANSPORT CONNECT request primitive to local transport service", State.STA4),
    AE_2("Send A-ASSOCIATE-RQ PDU", State.STA5),
    AE_3("Issue A-ASSOCIATE confirmation (accept) primitive", State.STA6),
    AE_4("Issue A-ASSOCIATE confirmation (reject) primitive and close transport connection", State.STA1),
    AE_5("Issue Transport connection response primitive; start ARTIM timer", State.STA2),
    /** Next state STA3 when the A-ASSOCIATE-RQ is acceptable, else A-ASSOCIATE-RJ is sent and STA13. */
    AE_6("Stop ARTIM timer and if A-ASSOCIATE-RQ acceptable by service-provider issue A-ASSOCIATE indication,"
            + " otherwise send A-ASSOCIATE-RJ PDU and start ARTIM timer", State.STA3),
    AE_7("Send A-ASSOCIATE-AC PDU", State.STA6),
    AE_8("Send A-ASSOCIATE-RJ PDU and start ARTIM timer", State.STA13),
    DT_1("Send P-DATA-TF PDU", State.STA6),
    DT_2("Send P-DATA indication primitive", State.STA6),
    AR_1("Send A-RELEASE-RQ PDU", State.STA7),
    AR_2("Issue A-RELEASE indication primitive", State.STA8),
    AR_3("Issue A-RELEASE confirmation primitive, and close transport connection", State.STA1),
    AR_4("Issue A-RELEASE-RP PDU and start ARTIM timer", State.STA13),
    AR_5("Stop ARTIM timer", State.STA1),
    AR_6("Issue P-DATA indication", State.STA7),
    AR_7("Issue P-DATA-TF PDU", State.STA8),
    /** Release collision: STA9 on the association-requestor, STA10 on the acceptor. */
    AR_8("Issue A-RELEASE indication (release collision)", State.STA9),
    AR_9("Send A-RELEASE-RP PDU", State.STA11),
    AR_10("Issue A-RELEASE confirmation primitive", State.STA12),
    AA_1("Send A-ABORT PDU (service-user source) and start (or restart if already started) ARTIM timer", State.STA13),
    AA_2("Stop ARTIM timer if running. Close transport connection", State.STA1),
    AA_3("Issue A-ABORT or A-P-ABORT indication and close transport connection", State.STA1),
    AA_4("Issue A-P-ABORT indication primitive", State.STA1),
    AA_5("Stop ARTIM timer", State.STA1),
    AA_6("Ignore PDU", State.STA13),
    AA_7("Send A-ABORT PDU", State.STA13),
    AA_8("Send A-ABORT PDU (service-provider source), issue an A-P-ABORT indication, and start ARTIM timer", State.STA13);

    private final String description;
    private final State next;

    Action(String description, State next) {
        this.description = description;
        this.next = next;
    }

    public String description() {
        return description;
    }

    /** The next state; {@code alternative} selects STA13 for AE-6 (not acceptable) and STA10 for AR-8 (acceptor). */
    public State next(boolean alternative) {
        if (this == AE_6 && alternative) {
            return State.STA13;
        }
        if (this == AR_8 && alternative) {
            return State.STA10;
        }
        return next;
    }

    @Override
    public String toString() {
        return name().replace('_', '-');
    }
}
