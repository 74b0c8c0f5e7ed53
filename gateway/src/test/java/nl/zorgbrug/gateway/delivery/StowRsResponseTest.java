package nl.zorgbrug.gateway.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StowRsResponseTest {

    @Test
    void readsStoredWarningsAndFailuresOfA202() {
        // PS3.18 10.5.3 in the DICOM JSON model: one stored as is, one stored with coercion, one out of resources.
        String body = """
                {"00081190": {"vr": "UR", "Value": ["http://pacs.test/studies/1.2"]},
                 "00081199": {"vr": "SQ", "Value": [
                   {"00081150": {"vr": "UI", "Value": ["1.2.840.10008.5.1.4.1.1.2"]},
                    "00081155": {"vr": "UI", "Value": ["1.2.3.1"]}},
                   {"00081155": {"vr": "UI", "Value": ["1.2.3.2"]},
                    "00081196": {"vr": "US", "Value": [45056]}}]},
                 "00081198": {"vr": "SQ", "Value": [
                   {"00081155": {"vr": "UI", "Value": ["1.2.3.3"]},
                    "00081197": {"vr": "US", "Value": [42752]}},
                   {"00081155": {"vr": "UI", "Value": ["1.2.3.4"]}}]}}
                """;

        StowRsResponse r = StowRsResponse.parse(body);

        assertThat(r.stored()).containsEntry("1.2.3.1", 0).containsEntry("1.2.3.2", 0xB000).hasSize(2);
        assertThat(r.failed()).containsEntry("1.2.3.3", 0xA700)
                .containsEntry("1.2.3.4", StowRsResponse.PROCESSING_FAILURE).hasSize(2);
        assertThat(r.mentions("1.2.3.5")).isFalse();
    }

    @Test
    void acceptsReasonsWrittenAsHexStringsAndTheArrayShape() {
        String body = """
                [{"00081198": {"vr": "SQ", "Value": [
                   {"00081155": {"vr": "UI", "Value": ["1.2.3.3"]}, "00081197": {"vr": "US", "Value": ["0xA900"]}}]}}]
                """;

        assertThat(StowRsResponse.parse(body).failed()).containsEntry("1.2.3.3", 0xA900);
    }

    @Test
    void aBodyThatIsNoDicomJsonConfirmsNothing() {
        for (String body : new String[] {"", "<html>ok</html>", "[]", "{\"00081199\": {\"vr\": \"SQ\"}}", null}) {
            StowRsResponse r = StowRsResponse.parse(body);
            assertThat(r.stored()).as(String.valueOf(body)).isEmpty();
            assertThat(r.failed()).as(String.valueOf(body)).isEmpty();
        }
    }
}
