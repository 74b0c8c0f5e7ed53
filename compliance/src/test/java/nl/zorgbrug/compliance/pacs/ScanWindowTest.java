package nl.zorgbrug.compliance.pacs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;

import org.junit.jupiter.api.Test;

import nl.zorgbrug.compliance.tally.StudyPeriod;

class ScanWindowTest {
    private static final ZoneId AMSTERDAM = ZoneId.of("Europe/Amsterdam");

    private static ZonedDateTime at(int day, int hour, int minute) {
        // December 2026: the 7th is a Monday, the 12th a Saturday.
        return ZonedDateTime.of(2026, 12, day, hour, minute, 0, 0, AMSTERDAM);
    }

    @Test
    void waitsOutOfficeHoursOnWorkdaysOnly() {
        ScanWindow w = ScanWindow.officeHours("07:00-18:00");
        assertThat(w.waitFrom(at(7, 6, 59))).isZero();
        assertThat(w.waitFrom(at(7, 7, 0))).isEqualTo(Duration.ofHours(11));
        assertThat(w.waitFrom(at(7, 17, 30))).isEqualTo(Duration.ofMinutes(30));
        assertThat(w.waitFrom(at(7, 18, 0))).isZero();
        assertThat(w.waitFrom(at(12, 10, 0))).as("Saturday").isZero();
        assertThat(ScanWindow.ALWAYS.waitFrom(at(7, 10, 0))).isZero();
    }

    @Test
    void refusesOfficeHoursThatAreNotARange() {
        assertThatThrownBy(() -> ScanWindow.officeHours("7-18")).hasMessageContaining("HH:MM-HH:MM");
        assertThatThrownBy(() -> ScanWindow.officeHours("18:00-07:00")).hasMessageContaining("start before they end");
    }

    @Test
    void aPacsScanGoesMonthByMonthFromTheStartOfThePeriod() {
        assertThat(PacsScan.chunks(new StudyPeriod(LocalDate.of(2024, 1, 15), LocalDate.of(2024, 3, 10)), LocalDate.now()))
                .containsExactly(new PacsScan.Chunk("2024-01", "20240115-20240131"),
                        new PacsScan.Chunk("2024-02", "20240201-20240229"),
                        new PacsScan.Chunk("2024-03", "20240301-20240310"));
        assertThat(PacsScan.chunks(new StudyPeriod(null, LocalDate.of(2024, 3, 10)), LocalDate.now()))
                .containsExactly(new PacsScan.Chunk("all", "-20240310"));
        assertThat(PacsScan.chunks(new StudyPeriod(LocalDate.of(2026, 11, 20), null), LocalDate.of(2026, 12, 6)))
                .extracting(PacsScan.Chunk::label).containsExactly("2026-11", "2026-12");
    }
}
