package nl.zorgbrug.dicom.net.ul;

import java.util.EnumMap;
import java.util.Map;

/**
 * The state transition table of PS3.8 Table 9-10, written out literally: for each event, the
 * action in each state where the event is defined. A pair that the table leaves empty is not a
 * legal transition; {@link #action} returns null and the caller treats it as a protocol error.
 */
public final class StateTable {
    private static final Map<Event, Map<State, Action>> TABLE = new EnumMap<>(Event.class);

    static {
        // Columns: Sta1 .. Sta13; null = no entry in PS3.8 Table 9-10.
        row(Event.EVT1, Action.AE_1, null, null, null, null, null, null, null, null, null, null, null, null);
        row(Event.EVT2, null, null, null, Action.AE_2, null, null, null, null, null, null, null, null, null);
        row(Event.EVT3, null, Action.AA_1, Action.AA_8, null, Action.AE_3, Action.AA_8, Action.AA_8, Action.AA_8,
                Action.AA_8, Action.AA_8, Action.AA_8, Action.AA_8, Action.AA_6);
        row(Event.EVT4, null, Action.AA_1, Action.AA_8, null, Action.AE_4, Action.AA_8, Action.AA_8, Action.AA_8,
                Action.AA_8, Action.AA_8, Action.AA_8, Action.AA_8, Action.AA_6);
        row(Event.EVT5, Action.AE_5, null, null, null, null, null, null, null, null, null, null, null, null);
        row(Event.EVT6, null, Action.AE_6, Action.AA_8, null, Action.AA_8, Action.AA_8, Action.AA_8, Action.AA_8,
                Action.AA_8, Action.AA_8, Action.AA_8, Action.AA_8, Action.AA_7);
        row(Event.EVT7, null, null, Action.AE_7, null, null, null, null, null, null, null, null, null, null);
        row(Event.EVT8, null, null, Action.AE_8, null, null, null, null, null, null, null, null, null, null);
        row(Event.EVT9, null, null, null, null, null, Action.DT_1, null, Action.AR_7, null, null, null, null, null);
        row(Event.EVT10, null, Action.AA_1, Action.AA_8, null, Action.AA_8, Action.DT_2, Action.AR_6, Action.AA_8,
                Action.AA_8, Action.AA_8, Action.AA_8, Action.AA_8, Action.AA_6);
        row(Event.EVT11, null, null, null, null, null, Action.AR_1, null, null, null, null, null, null, null);
        row(Event.EVT12, null, Action.AA_1, Action.AA_8, null, Action.AA_8, Action.AR_2, Action.AR_8, Action.AA_8,
                Action.AA_8, Action.AA_8, Action.AA_8, Action.AA_8, Action.AA_6);
        row(Event.EVT13, null, Action.AA_1, Action.AA_8, null, Action.AA_8, Action.AA_8, Action.AR_3, Action.AA_8,
                Action.AA_8, Action.AR_10, Action.AR_3, Action.AA_8, Action.AA_6);
        row(Event.EVT14, null, null, null, null, null, null, null, Action.AR_4, Action.AR_9, null, null, Action.AR_4, null);
        row(Event.EVT15, null, null, Action.AA_1, Action.AA_2, Action.AA_1, Action.AA_1, Action.AA_1, Action.AA_1,
                Action.AA_1, Action.AA_1, Action.AA_1, Action.AA_1, null);
        row(Event.EVT16, null, Action.AA_2, Action.AA_3, null, Action.AA_3, Action.AA_3, Action.AA_3, Action.AA_3,
                Action.AA_3, Action.AA_3, Action.AA_3, Action.AA_3, Action.AA_2);
        row(Event.EVT17, null, Action.AA_5, Action.AA_4, Action.AA_4, Action.AA_4, Action.AA_4, Action.AA_4, Action.AA_4,
                Action.AA_4, Action.AA_4, Action.AA_4, Action.AA_4, Action.AR_5);
        row(Event.EVT18, null, Action.AA_2, null, null, null, null, null, null, null, null, null, null, Action.AA_2);
        row(Event.EVT19, null, Action.AA_1, Action.AA_8, null, Action.AA_8, Action.AA_8, Action.AA_8, Action.AA_8,
                Action.AA_8, Action.AA_8, Action.AA_8, Action.AA_8, Action.AA_7);
    }

    private StateTable() {
    }

    private static void row(Event event, Action... actions) {
        if (actions.length != State.values().length) {
            throw new IllegalStateException("row " + event + " has " + actions.length + " columns");
        }
        Map<State, Action> row = new EnumMap<>(State.class);
        for (int i = 0; i < actions.length; i++) {
            if (actions[i] != null) {
                row.put(State.values()[i], actions[i]);
            }
        }
        TABLE.put(event, row);
    }

    /** The action PS3.8 Table 9-10 prescribes for event in state, or null when the table has no entry. */
    public static Action action(State state, Event event) {
        return TABLE.get(event).get(state);
    }
}
