package nl.zorgbrug.compliance.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nl.zorgbrug.bsn.classify.Verdict;
import nl.zorgbrug.compliance.tally.Fix;
import nl.zorgbrug.compliance.tally.ObjectResult;

class ScanJournalTest {
    private static final ObjectResult A = new ObjectResult.Classified("a\tb\\c.dcm", "1.2", Verdict.NO_BSN, "CT",
            "20240101", "P1", "2.16.1", Fix.PERSON, "NO_BSN: line\nbreak");
    private static final ObjectResult B = new ObjectResult.Unreadable("x.txt", "not DICOM: no \"DICM\"");

    @Test
    void replaysCommittedChunksAndCutsOffATornTail(@TempDir Path tmp) throws IOException {
        Path file = tmp.resolve("j");
        try (ScanJournal j = ScanJournal.open(file, "folder /x", 2, r -> { })) {
            j.commit(List.of(A, B), "a\tb\\c.dcm");
            j.commit(List.of(B), "x.txt");
        }
        // A kill in the middle of the next chunk's write: its results without the commit line, the last one torn.
        Files.writeString(file, "O\tz.dcm\t1.3\tCORRECT\tCT\t\t\t\tNONE\t\nU\ty.txt\tnot DI", StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);
        long before = Files.size(file);

        List<ObjectResult> replayed = new ArrayList<>();
        try (ScanJournal j = ScanJournal.open(file, "folder /x", 2, replayed::add)) {
            assertThat(j.committedChunks()).isEqualTo(2);
            assertThat(j.committedFiles()).isEqualTo(3);
            assertThat(j.committedFirst(0)).isEqualTo("a\tb\\c.dcm");
            assertThat(Files.size(file)).isLessThan(before);
            j.commit(List.of(A), "a");
        }
        assertThat(replayed).containsExactly(A, B, B);
        List<ObjectResult> again = new ArrayList<>();
        try (ScanJournal j = ScanJournal.open(file, "folder /x", 2, again::add)) {
            assertThat(j.committedChunks()).isEqualTo(3);
        }
        assertThat(again).containsExactly(A, B, B, A);
    }

    @Test
    void refusesTheJournalOfAnotherScan(@TempDir Path tmp) throws IOException {
        Path file = tmp.resolve("j");
        ScanJournal.open(file, "folder /x", 2, r -> { }).close();
        assertThatThrownBy(() -> ScanJournal.open(file, "folder /y", 2, r -> { }))
                .hasMessageContaining("belongs to another scan").hasMessageContaining("--restart");
    }
}
