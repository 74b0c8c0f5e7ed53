package nl.zorgbrug.gateway.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import nl.zorgbrug.bsn.classify.Verdict;
import nl.zorgbrug.gateway.job.Direction;
import nl.zorgbrug.gateway.job.JobState;

/** Every kind of event survives the outbox's text unchanged, including nulls, line breaks and '='. */
class EventCodecTest {
    private static final Instant T = Instant.parse("2026-12-06T10:00:00.123Z");

    @Test
    void everyKindOfEventReadsBackAsWritten() {
        List<GatewayEvent> events = List.of(
                new GatewayEvent.ObjectReceived("export-umcx", Direction.EXPORT, "2.25.1", "2.25.1.1",
                        "1.2.840.10008.5.1.4.1.1.2", "PACS", 123_456_789_012L, GatewayEvent.Decision.HOLD,
                        Verdict.WRONG_ISSUER, T),
                new GatewayEvent.ObjectReceived("import", Direction.IMPORT, "2.25.1", "2.25.1.2", null, null, 0,
                        GatewayEvent.Decision.FORWARD, null, T),
                new GatewayEvent.Quarantined("import", "2.25.1", "2.25.1.1", "NO_LOCAL_PATIENT", Verdict.CORRECT, T),
                new GatewayEvent.JoinedJob(42, "umcx", Direction.EXPORT, "export-umcx", "2.25.1", "2.25.1.1",
                        "1.2.840.10008.5.1.4.1.1.2", "/spool/routes/export-umcx/2.25.1/2.25.1.1.dcm", 1000, true,
                        JobState.WAITING, T),
                new GatewayEvent.JobStateChanged(42, "umcx", Direction.EXPORT, null, JobState.WAITING, null, T),
                new GatewayEvent.JobStateChanged(42, "umcx", Direction.EXPORT, JobState.IN_PROGRESS, JobState.FAILED,
                        "the receiver says: no\nline two = ë", T),
                new GatewayEvent.Delivered(42, "umcx", Direction.EXPORT, 17, T),
                new GatewayEvent.Delivered(42, "umcx", Direction.EXPORT, 17, Verdict.NO_BSN, Verdict.CORRECT, T),
                new GatewayEvent.JobStateChanged(42, "umcx", Direction.EXPORT, JobState.IN_PROGRESS, JobState.DONE,
                        null, Verdict.NO_BSN, Verdict.CORRECT, T),
                new GatewayEvent.ObjectReceived("export-umcx", Direction.EXPORT, "2.25.1", "2.25.1.3", null, "PACS", 10,
                        GatewayEvent.Decision.FORWARD, Verdict.NO_BSN, Verdict.CORRECT, T),
                new GatewayEvent.InstanceCorrected(42, "umcx", Direction.EXPORT, "2.25.1", "2.25.1.1", 1, 2, true,
                        "PATIENT_ID,BSN", T),
                new GatewayEvent.PersonAction("olga", "reject", "quarantine: 2 objects rejected", null, "2.25.1", T),
                new GatewayEvent.PatientsMerged("A40", 3, 1, 2, T));
        assertThat(GatewayEvent.class.getPermittedSubclasses()).as("one example of each kind")
                .allMatch(kind -> events.stream().anyMatch(kind::isInstance));
        for (GatewayEvent e : events) {
            assertThat(EventCodec.read(EventCodec.kind(e), EventCodec.body(e))).isEqualTo(e);
        }
    }

    /**
     * The body is written by hand, not by {@link java.util.Properties#store}: any text survives, and a body as
     * {@code Properties} wrote it (rows in the outbox from before) reads back the same.
     */
    @Test
    void anyTextSurvivesAndTheFormerPropertiesBodiesStillRead() throws Exception {
        java.util.Random random = new java.util.Random(17);
        String alphabet = " \t\n\r\f\\=:#!ëé€\u0001ab ";
        for (int n = 0; n < 2000; n++) {
            StringBuilder reason = new StringBuilder();
            for (int i = random.nextInt(12); i > 0; i--) {
                reason.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            GatewayEvent e = new GatewayEvent.JobStateChanged(n, "umcx", Direction.EXPORT, JobState.IN_PROGRESS,
                    JobState.FAILED, reason.toString(), T);
            assertThat(EventCodec.read(EventCodec.kind(e), EventCodec.body(e))).isEqualTo(e);

            java.util.Properties former = new java.util.Properties();
            java.io.StringReader mine = new java.io.StringReader(EventCodec.body(e));
            former.load(mine);
            java.io.StringWriter written = new java.io.StringWriter();
            former.store(written, null);
            assertThat(EventCodec.read(EventCodec.kind(e), written.toString())).isEqualTo(e);
        }
    }

    /**
     * The outbox's reader ({@link PropertiesText}) against {@link java.util.Properties#load} itself, on random text of
     * the characters its rules are about (line ends, white space, comments, separators, escapes, continuation
     * backslashes, backslash-u escapes good and malformed): the same keys and values, or both refuse the text.
     */
    @Test
    void theOutboxReaderReadsEveryTextAsPropertiesLoadDoes() throws Exception {
        java.util.Random random = new java.util.Random(52);
        String[] pieces = {" ", "\t", "\f", "\n", "\r", "\r\n", "\\", "\\\\", "=", ":", "#", "!", "a", "k", "ë",
                "\\u00e9", "\\u00G9", "\\u12", "\\t", "\\n", "\\ ", "\\\n", "\\\r\n", "\u0661"};
        int refusedByBoth = 0;
        for (int n = 0; n < 20_000; n++) {
            StringBuilder text = new StringBuilder();
            for (int i = random.nextInt(16); i > 0; i--) {
                text.append(pieces[random.nextInt(pieces.length)]);
            }
            java.util.Properties expected = new java.util.Properties();
            IllegalArgumentException refused = null;
            try {
                expected.load(new java.io.StringReader(text.toString()));
            } catch (IllegalArgumentException e) {
                refused = e;
            }
            if (refused != null) {
                assertThatThrownBy(() -> PropertiesText.read(text.toString())).as("%s", text)
                        .isInstanceOf(IllegalArgumentException.class);
                refusedByBoth++;
                continue;
            }
            java.util.Map<Object, Object> asLoaded = new java.util.HashMap<>(expected);
            assertThat(PropertiesText.read(text.toString())).as("text %s", text.toString().replace("\r", "\\r")
                    .replace("\n", "\\n")).isEqualTo(asLoaded);
        }
        assertThat(refusedByBoth).as("malformed \\u escapes were among the texts").isPositive();
    }

    /**
     * Events kept together in one outbox row (issue 17) read back as they were, in order, whatever their text holds:
     * "--" in a value, at its start or end, next to escaped line breaks, never splits the row in the wrong place.
     */
    @Test
    void eventsKeptTogetherReadBackInOrderWhateverTheirText() {
        java.util.Random random = new java.util.Random(171);
        String[] pieces = {"--", "-", "\n", "\r", "\\", "=", " ", "a", "#"};
        for (int n = 0; n < 2000; n++) {
            List<GatewayEvent> together = new java.util.ArrayList<>();
            for (int e = 1 + random.nextInt(3); e > 0; e--) {
                StringBuilder reason = new StringBuilder();
                for (int i = random.nextInt(8); i > 0; i--) {
                    reason.append(pieces[random.nextInt(pieces.length)]);
                }
                together.add(new GatewayEvent.PersonAction("olga", "cancel", reason.toString(), (long) n, null, T));
                together.add(new GatewayEvent.JobStateChanged(n, reason.toString(), Direction.EXPORT, JobState.WAITING,
                        JobState.CANCELLED, reason.toString(), T));
            }
            assertThat(EventCodec.readAll(EventCodec.kind(together), EventCodec.body(together)))
                    .containsExactlyElementsOf(together);
        }
        GatewayEvent one = new GatewayEvent.Delivered(42, "umcx", Direction.EXPORT, 17, T);
        assertThat(EventCodec.readAll(EventCodec.kind(one), EventCodec.body(one))).as("a row of one event, as before")
                .containsExactly(one);
        assertThatThrownBy(() -> EventCodec.readAll("PersonAction+Delivered", EventCodec.body(one)))
                .hasMessageContaining("fewer parts than the kind names");
    }

    @Test
    void anUnknownKindIsAnErrorThatSaysSo() {
        assertThatThrownBy(() -> EventCodec.read("StudyBurned", ""))
                .hasMessageContaining("unknown gateway event kind 'StudyBurned'");
    }
}
