package nl.zorgbrug.app.registry;

import java.sql.ResultSet;
import java.sql.SQLException;

import nl.zorgbrug.registry.model.PackedEbRim;

/**
 * An object's ebRIM read from its row of {@code xds_submission_set}, {@code xds_document_entry} or
 * {@code xds_association}: packed in {@code ebrim_packed} since V81, as text in {@code ebrim} in rows written before
 * (V81 rewrites none of them). The query selects both columns under these names.
 */
public final class StoredEbRim {
    /** The two columns, for a select list; {@code alias} is the table's alias with its dot, or "". */
    public static String columns(String alias) {
        return alias + "ebrim, " + alias + "ebrim_packed";
    }

    private StoredEbRim() {
    }

    /** @param what the row, for the message if it cannot be read: table and entry uuid */
    public static String read(ResultSet rs, String what) throws SQLException {
        byte[] packed = rs.getBytes("ebrim_packed");
        if (packed != null) {
            return PackedEbRim.unpack(packed, what);
        }
        String text = rs.getString("ebrim");
        if (text == null) {
            throw new IllegalStateException(what + " holds no ebRIM in either column (V81's check forbids that):"
                    + " the row was changed outside the node");
        }
        return text;
    }
}
