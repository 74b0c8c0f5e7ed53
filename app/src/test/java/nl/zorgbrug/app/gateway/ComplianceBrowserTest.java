package nl.zorgbrug.app.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import nl.zorgbrug.app.compliance.JdbcMeasurementStore;
import nl.zorgbrug.bsn.Bsn;
import nl.zorgbrug.bsn.classify.Evidence;
import nl.zorgbrug.bsn.classify.Verdict;
import nl.zorgbrug.compliance.measure.HeaderFacts;
import nl.zorgbrug.gateway.job.Direction;

/**
 * The compliance dashboard as a person uses it (issue 18), in headless Debian chromium driven by Playwright: the shares
 * against the 95 % line with the charts drawn from the ECharts webjar, an institution below the line, the drill-down
 * to a study's evidence (BSN masked), the sample drawn twice alike. The measurement holds generated objects of the
 * last twelve months; the screenshot of the overview is the one in the README (docs/compliance-dashboard.png).
 */
@SpringBootTest(classes = nl.zorgbrug.app.node.ZorgbrugApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ComplianceBrowserTest {
    static final Path CHROMIUM = Paths.get("/usr/bin/chromium");
    /** A test BSN (passes the 11-proof), shown masked only. */
    static final String BSN = "999911120";

    @BeforeAll
    static void chromium() {
        if (!Files.isExecutable(CHROMIUM)) {
            String message = "chromium is not installed; run .ci/run (it installs Debian's chromium)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(message);
            }
            assumeTrue(false, message);
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) throws IOException {
        TestNode.basics(r, Files.createTempDirectory("zorgbrug-compliance-console"), "complianceconsole",
                "2.16.528.1.1007.99.1", "200ms");
        r.add("zorgbrug.users[0].name", () -> "kees");
        r.add("zorgbrug.users[0].password", () -> "{noop}quality-test");
        r.add("zorgbrug.users[0].roles", () -> "QUALITY_OFFICER");
        TestNode.route(r, 0, "import", "ZB_IMPORT", "IMPORT", "ownpacs");
    }

    @LocalServerPort
    int httpPort;

    @Autowired
    JdbcMeasurementStore store;

    /** A year of objects: UMC X sends well, MMC poorly; our exports to UMC X nearly all correct. */
    private void generate() {
        Random random = new Random(18);
        Instant now = Instant.now();
        HeaderFacts wrong = new HeaderFacts("CT", LocalDate.now().minusDays(3),
                List.of(new Evidence("(0010,0020)", Bsn.mask(BSN), "passes the 11-proof but has no issuer")), false);
        HeaderFacts right = new HeaderFacts("MR", LocalDate.now().minusDays(3),
                List.of(new Evidence("(0010,0020)", Bsn.mask(BSN), "valid BSN (9 digits, 11-proof)")), false);
        for (int i = 0; i < 900; i++) {
            Instant at = now.minus(Duration.ofMinutes(random.nextInt(364 * 24 * 60)));
            String institution = i % 3 == 0 ? "mmc" : "umcx";
            Direction d = i % 4 == 0 ? Direction.EXPORT : Direction.IMPORT;
            double good = d == Direction.EXPORT ? 0.99 : institution.equals("mmc") ? 0.78 : 0.96;
            boolean correct = random.nextDouble() < good;
            Verdict v = correct ? Verdict.CORRECT : random.nextBoolean() ? Verdict.BSN_WITHOUT_ISSUER : Verdict.NO_BSN;
            String study = "2.25.18" + i;
            store.received(d, study, study + ".1", d == Direction.EXPORT ? "export" : "import",
                    d == Direction.IMPORT ? institution : null, "AE" + i % 3, v, at, correct ? right : wrong);
            store.joined(d, study, study + ".1", i, d == Direction.EXPORT ? "umcx" : "ownpacs", false);
        }
        // One study received today from MMC with the BSN without issuer, for the drill-down.
        store.received(Direction.IMPORT, "2.25.1899", "2.25.1899.1", "import", "mmc", "MMC", Verdict.BSN_WITHOUT_ISSUER,
                now, wrong);
    }

    @Test
    void theDashboardShowsTheSharesAgainstTheLineAndDrillsDownToTheEvidence() throws Exception {
        generate();
        try (Playwright playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
             Browser browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                     .setExecutablePath(CHROMIUM).setHeadless(true)
                     .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                             "--disable-background-networking", "--disable-component-update", "--disable-sync")))) {
            Page page = browser.newPage(new Browser.NewPageOptions().setViewportSize(1280, 900));
            String base = "http://127.0.0.1:" + httpPort;
            page.navigate(base + "/compliance?lang=nl");
            page.fill("#username", "kees");
            page.fill("#password", "quality-test");
            page.click("#login");
            page.navigate(base + "/compliance?lang=nl");
            page.waitForSelector("h1:has-text('BSN-meting')");
            assertThat(page.textContent("#share-IMPORT")).contains("inkomend").contains("%");
            assertThat(page.textContent("#institutions-IMPORT")).contains("mmc").contains("onder 95%");
            page.waitForSelector("#chart-weeks[data-drawn=true] svg");
            page.waitForSelector("#chart-trend[data-drawn=true] svg");
            assertThat(page.textContent("#chart-trend")).contains("95%");
            Path shot = Paths.get("target", "compliance-dashboard.png");
            page.screenshot(new Page.ScreenshotOptions().setPath(shot).setFullPage(false));
            assertThat(Files.size(shot)).isGreaterThan(10_000);

            // From the number to the studies, from a study to the evidence of its objects (BSN masked).
            page.click("#institutions-IMPORT a.below-target");
            page.waitForSelector("#studies");
            assertThat(page.textContent("#studies")).contains("2.25.1899");
            page.click("text=2.25.1899");
            page.waitForSelector(".evidence");
            assertThat(page.textContent("main")).contains("BSN_WITHOUT_ISSUER").contains(Bsn.mask(BSN))
                    .contains("no issuer").doesNotContain(BSN);

            // The sample: the same seed draws the same studies.
            page.navigate(base + "/compliance/sample?lang=en&n=5&seed=2026");
            String first = page.textContent("#sample tbody");
            assertThat(page.locator("#sample tbody tr").count()).isEqualTo(5);
            page.navigate(base + "/compliance/sample?lang=en");
            page.fill("#n", "5");
            page.fill("#seed", "2026");
            page.click("#draw");
            page.waitForSelector("#sample");
            assertThat(page.textContent("#sample tbody")).isEqualTo(first);

            page.navigate(base + "/compliance/digests?lang=en");
            assertThat(page.textContent("h1")).isEqualTo("Sender digests");
        }
    }
}
