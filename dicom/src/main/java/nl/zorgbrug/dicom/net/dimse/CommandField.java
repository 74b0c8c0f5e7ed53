package nl.zorgbrug.dicom.net.dimse;

/** Values of Command Field (0000,0100), PS3.7 Annex E. Responses have bit 15 set. */
public final class CommandField {
    public static final int C_STORE_RQ = 0x0001;
    public static final int C_STORE_RSP = 0x8001;
    public static final int C_GET_RQ = 0x0010;
    public static final int C_GET_RSP = 0x8010;
    public static final int C_FIND_RQ = 0x0020;
    public static final int C_FIND_RSP = 0x8020;
    public static final int C_MOVE_RQ = 0x0021;
    public static final int C_MOVE_RSP = 0x8021;
    public static final int C_ECHO_RQ = 0x0030;
    public static final int C_ECHO_RSP = 0x8030;
    public static final int N_EVENT_REPORT_RQ = 0x0100;
    public static final int N_EVENT_REPORT_RSP = 0x8100;
    public static final int N_GET_RQ = 0x0110;
    public static final int N_SET_RQ = 0x0120;
    public static final int N_ACTION_RQ = 0x0130;
    public static final int N_ACTION_RSP = 0x8130;
    public static final int N_CREATE_RQ = 0x0140;
    public static final int N_DELETE_RQ = 0x0150;
    public static final int C_CANCEL_RQ = 0x0FFF;

    private CommandField() {
    }

    public static boolean isResponse(int field) {
        return (field & 0x8000) != 0;
    }

    public static String name(int field) {
        switch (field) {
            case C_STORE_RQ: return "C-STORE-RQ";
            case C_STORE_RSP: return "C-STORE-RSP";
            case C_GET_RQ: return "C-GET-RQ";
            case C_GET_RSP: return "C-GET-RSP";
            case C_FIND_RQ: return "C-FIND-RQ";
            case C_FIND_RSP: return "C-FIND-RSP";
            case C_MOVE_RQ: return "C-MOVE-RQ";
            case C_MOVE_RSP: return "C-MOVE-RSP";
            case C_ECHO_RQ: return "C-ECHO-RQ";
            case C_ECHO_RSP: return "C-ECHO-RSP";
            case N_EVENT_REPORT_RQ: return "N-EVENT-REPORT-RQ";
            case N_EVENT_REPORT_RSP: return "N-EVENT-REPORT-RSP";
            case N_ACTION_RQ: return "N-ACTION-RQ";
            case N_ACTION_RSP: return "N-ACTION-RSP";
            case C_CANCEL_RQ: return "C-CANCEL-RQ";
            default: return String.format("command 0x%04X", field);
        }
    }
}
