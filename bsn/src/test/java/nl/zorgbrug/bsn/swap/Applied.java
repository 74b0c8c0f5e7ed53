package nl.zorgbrug.bsn.swap;

import static org.assertj.core.api.Assertions.assertThat;

import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.edit.StreamingEditor;

/** Test helper: applies a decision's edits the way the streaming editor does. */
final class Applied {
    private Applied() {
    }

    static DataSet apply(DataSet header, SwapDecision decision) {
        assertThat(decision).as("decision").isInstanceOf(SwapDecision.Apply.class);
        DataSet out = header.copy();
        StreamingEditor.apply(out, ((SwapDecision.Apply) decision).edits());
        return out;
    }

    static SwapDecision.Refuse refused(SwapDecision decision) {
        assertThat(decision).as("decision").isInstanceOf(SwapDecision.Refuse.class);
        return (SwapDecision.Refuse) decision;
    }
}
