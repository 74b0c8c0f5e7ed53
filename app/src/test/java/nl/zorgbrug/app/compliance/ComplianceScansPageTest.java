package nl.zorgbrug.app.compliance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import nl.zorgbrug.compliance.scan.ScanProgress;
import nl.zorgbrug.compliance.scan.ScanStatus;

/**
 * The console's page of history scans (issue 18: "scans with live progress", Dutch and English): the statuses that
 * scans on this machine write into {@code <data-dir>/compliance/scans} are shown with their progress, and the table
 * asks for itself again every 2 s.
 */
@SpringBootTest(classes = nl.zorgbrug.app.node.ZorgbrugApplication.class)
@AutoConfigureMockMvc
class ComplianceScansPageTest {
    @TempDir
    static Path dataDir;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        r.add("zorgbrug.data-dir", () -> dataDir.toString());
        r.add("zorgbrug.gateway.port", () -> "0");
        r.add("spring.datasource.url", () -> "jdbc:h2:mem:scanspage;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
    }

    @Autowired
    MockMvc mvc;

    private String page(String lang) throws Exception {
        return mvc.perform(get("/compliance/scans").param("lang", lang).with(user("q").roles("QUALITY_OFFICER")))
                .andReturn().getResponse().getContentAsString();
    }

    @Test
    void showsEachScansProgressInDutchAndEnglishAndRefreshes() throws Exception {
        Path dir = dataDir.resolve("compliance").resolve("scans");
        Instant now = Instant.now();
        ScanStatus.running("folder /archief/2019", "files", new ScanProgress(41_200, 100_000, 41_200, 12_034.5,
                Duration.ofSeconds(75), 3), now).write(dir.resolve("a.status"));
        ScanStatus.running("PACS PACS@10.0.0.5:104", "months", new ScanProgress(3, 120, 3, 0.1, null, 0), now)
                .ended(ScanStatus.State.FAILED, "PACS@10.0.0.5:104 answered our C-MOVE with Failure 0xA801", now)
                .write(dir.resolve("b.status"));

        String nl = page("nl");
        assertThat(nl).contains("Historiescans").contains("folder /archief/2019").contains("41200")
                .contains("van 100.000 bestanden (41,2%)").contains("12034,5 /s").contains("1 min 15 s")
                .contains("bezig").contains("gestopt met een fout").contains("answered our C-MOVE with Failure 0xA801")
                .contains("hx-trigger=\"every 2s\"").contains("hx-select=\"#scan-table\"");
        String en = page("en");
        assertThat(en).contains("History scans").contains("of 100,000 files (41.2%)").contains("running")
                .contains("stopped with an error").contains("of 120 months");
    }

    @Test
    void aScanSilentForTwoMinutesIsShownAsStopped() throws Exception {
        Path dir = dataDir.resolve("compliance").resolve("scans");
        ScanStatus.running("folder /oud", "files", new ScanProgress(5, 10, 5, 1, null, 0),
                Instant.now().minus(Duration.ofMinutes(3))).write(dir.resolve("c.status"));

        assertThat(page("en")).contains("silent for 2 minutes: stopped? Run the same command again to resume");
    }
}
