package nl.zorgbrug.compliance.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScanStatusTest {

    @Test
    void aStatusReadsBackAsWrittenAndTheLatestComesFirst(@TempDir Path dir) throws Exception {
        Instant t = Instant.parse("2026-12-06T10:00:00Z");
        ScanStatus a = ScanStatus.running("folder /a", "files", new ScanProgress(50, 200, 50, 25.5,
                Duration.ofSeconds(6), 1), t);
        ScanStatus b = ScanStatus.running("PACS P@h:104", "months", new ScanProgress(2, -1, 2, 0.5, null, 0), t)
                .ended(ScanStatus.State.FAILED, "refused: register AE title X", t.plusSeconds(5));
        a.write(dir.resolve("a.status"));
        b.write(dir.resolve("b.status"));
        Files.writeString(dir.resolve("broken.status"), "state=NOPE\n");

        assertThat(ScanStatus.read(dir.resolve("a.status"))).isEqualTo(a);
        assertThat(ScanStatus.readAll(dir)).containsExactly(b, a);
        assertThat(a.percent()).isEqualTo(25.0);
        assertThat(b.percent()).isEqualTo(-1);
        assertThat(a.ended(ScanStatus.State.DONE, null, t).done()).isEqualTo(200);
        assertThat(a.silent(t.plus(Duration.ofMinutes(3)))).isTrue();
        assertThat(a.silent(t.plus(Duration.ofSeconds(30)))).isFalse();
        assertThat(Files.list(dir).map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
    }
}
