package nl.zorgbrug.dicom.net.ul;

/**
 * The current state of one association's protocol machine (PS3.8 9.2). Each event is looked up
 * in the {@link StateTable}; the caller performs the returned action (send, close, indicate) and
 * the machine moves to the action's next state. Not thread-safe by itself: the association
 * serialises access.
 */
public final class ProtocolMachine {
    private final boolean requestor;
    private State state = State.STA1;

    /** @param requestor whether this side is the association-requestor (decides AR-8's next state) */
    public ProtocolMachine(boolean requestor) {
        this.requestor = requestor;
    }

    public State state() {
        return state;
    }

    public boolean isRequestor() {
        return requestor;
    }

    /**
     * Applies event; returns the action to perform. An event without an entry for the current
     * state is answered as PS3.8 9.2 answers unexpected input: as if an invalid PDU arrived (Evt19),
     * which from Sta1/Sta4 simply closes.
     *
     * @param notAcceptable for Evt6 only: the A-ASSOCIATE-RQ is rejected (AE-6 then leads to Sta13)
     */
    public Action fire(Event event, boolean notAcceptable) {
        Action action = StateTable.action(state, event);
        if (action == null) {
            throw new IllegalStateException("event " + event + " is not allowed in state " + state + " (PS3.8 Table 9-10)");
        }
        boolean alternative = action == Action.AR_8 ? !requestor : notAcceptable;
        state = action.next(alternative);
        return action;
    }

    public Action fire(Event event) {
        return fire(event, false);
    }

    /** Whether the table has an entry for event in the current state. */
    public boolean allows(Event event) {
        return StateTable.action(state, event) != null;
    }
}
