package nl.zorgbrug.app.gateway;

import nl.zorgbrug.gateway.e2e.Dcmtk;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import nl.zorgbrug.gateway.addressbook.AddressBook;
import nl.zorgbrug.app.mpi.JdbcMasterPatientIndex;
import nl.zorgbrug.bsn.Bsn;
import nl.zorgbrug.bsn.mpi.BsnStatus;
import nl.zorgbrug.bsn.mpi.MpiPatient;
import nl.zorgbrug.dicom.net.assoc.Acceptor;
import nl.zorgbrug.gateway.addressbook.Institution;

/**
 * The console as a person uses it, in headless Debian chromium driven by Playwright: log in, find a
 * job, open the quarantine, search the MPI, link the patient, and see the job finish.
 */
@SpringBootTest(classes = nl.zorgbrug.app.node.ZorgbrugApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ConsoleBrowserTest {
    static final String LOCAL_ISSUER = "2.16.528.1.1007.99.1";
    static final Path CHROMIUM = Paths.get("/usr/bin/chromium");
    static final Path dir = tempDir();
    static Process pacs;
    static int pacsPort;

    @BeforeAll
    static void peers() throws IOException {
        Dcmtk.require();
        if (!Files.isExecutable(CHROMIUM)) {
            String message = "chromium is not installed; run .ci/run (it installs Debian's chromium)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(message);
            }
            assumeTrue(false, message);
        }
        pacsPort = Dcmtk.freePort();
        pacs = Dcmtk.storescp("OWNPACS", pacsPort, Files.createDirectories(dir.resolve("pacs")), dir.resolve("p.log"));
    }

    static Path tempDir() {
        try {
            return Files.createTempDirectory("zorgbrug-console");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @AfterAll
    static void stop() {
        if (pacs != null) {
            pacs.destroy();
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) throws IOException {
        TestNode.basics(r, dir, "console", LOCAL_ISSUER, "200ms");
        r.add("zorgbrug.users[0].name", () -> "olga");
        r.add("zorgbrug.users[0].password", () -> "{noop}operator-test");
        r.add("zorgbrug.users[0].roles", () -> "OPERATOR");
        TestNode.route(r, 0, "import", "ZB_IMPORT", "IMPORT", "ownpacs");
    }

    @LocalServerPort
    int httpPort;

    @Autowired
    Acceptor dicom;

    @Autowired
    JdbcMasterPatientIndex mpi;

    @Autowired
    AddressBook book;

    @Autowired
    nl.zorgbrug.gateway.quarantine.QuarantineRepository quarantine;

    @Test
    void operatorLinksAQuarantinedStudyAndSeesTheJobFinish() throws Exception {
        mpi.save(new MpiPatient("PAT-31", LOCAL_ISSUER, Bsn.parse("999911120"), BsnStatus.VALIDATED, "Dijk", "Jürgen",
                "19811231", "M"));
        book.save(new Institution("ownpacs", "Eigen PACS", null, null, LOCAL_ISSUER, "OWNPACS", "127.0.0.1", pacsPort,
                false, null, null, null));
        Path in = Files.createDirectories(dir.resolve("in"));
        // Arrives with the BSN but without its issuer: quarantined.
        assertThat(Dcmtk.storescu("REMOTE", "ZB_IMPORT", dicom.port(),
                List.of(GatewayNodeTest.ct(in, "999911120", null, "2.25.888001")))).isZero();
        // A second study that the operator rejects, after confirming and saying why.
        assertThat(Dcmtk.storescu("REMOTE", "ZB_IMPORT", dicom.port(),
                List.of(GatewayNodeTest.ct(in, "999911120", null, "2.25.888002")))).isZero();

        try (Playwright playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
             Browser browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                     .setExecutablePath(CHROMIUM).setHeadless(true)
                     .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                             "--disable-background-networking", "--disable-component-update", "--disable-sync")))) {
            Page page = browser.newPage();
            String base = "http://127.0.0.1:" + httpPort;
            page.navigate(base + "/?lang=nl");
            assertThat(page.url()).endsWith("/login");
            page.fill("#username", "olga");
            page.fill("#password", "operator-test");
            page.click("#login");
            page.waitForSelector("h1:has-text('Opdrachtbeheer')");

            // One row per study; the study to reject first, confirmed with a reason.
            page.navigate(base + "/quarantine?lang=en");
            assertThat(page.textContent("#studies")).contains("ACC-001").contains("ACC-002").contains("*****1120")
                    .contains("2026-11-25").doesNotContain("999911120");
            page.click("#open-1");
            page.click("#reject");
            page.waitForSelector("#confirm-reject");
            assertThat(page.textContent("main")).contains("Reject 1 images of Dijk^Jürgen (accession number ACC-002");
            page.fill("#reason", "sent to the wrong hospital");
            page.click("#confirm-reject");
            page.waitForSelector("#rejected");
            assertThat(page.textContent("#studies")).contains("ACC-001").doesNotContain("ACC-002");
            assertThat(quarantine.byStudy("2.25.888002")).singleElement().satisfies(i -> {
                assertThat(i.decidedBy()).isEqualTo("olga");
                assertThat(i.decisionReason()).isEqualTo("sent to the wrong hospital");
            });

            page.click("#open-0");
            page.fill("#bsn", "999911120");
            page.click("#search");
            page.waitForSelector("#link-PAT-31");
            page.click("#link-PAT-31");
            page.waitForURL("**/jobs/*");
            String jobUrl = page.url();
            long deadline = System.currentTimeMillis() + 30_000;
            while (!page.textContent("h1").contains("Delivered") && System.currentTimeMillis() < deadline) {
                Thread.sleep(300);
                page.navigate(jobUrl);
            }
            assertThat(page.textContent("h1")).contains("Delivered");
            assertThat(page.textContent("main")).contains("2.25.888001.1");
            // Issue 15: the history is a table (when, who, step, detail), the person's link beside the automatic steps.
            assertThat(page.textContent("#history")).contains("olga").contains("objects linked to local patient");

            // The job manager finds it by accession number.
            page.navigate(base + "/?accessionNumber=ACC-001");
            assertThat(page.textContent("#job-table")).contains("Delivered").contains("ownpacs");
            page.screenshot(new Page.ScreenshotOptions().setPath(Paths.get("target", "console-job-manager.png")));

            // Search by patient name: the linked job shows the patient and the local number it now carries.
            page.navigate(base + "/?patient=dijk");
            assertThat(page.textContent("#job-table")).contains("Dijk^Jürgen").contains("PAT-31");
            page.navigate(base + "/?patient=nobody");
            assertThat(page.textContent("#job-table")).doesNotContain("PAT-31");

            // The status page and the MPI search (the BSN masked for an operator).
            page.navigate(base + "/status?lang=en");
            assertThat(page.textContent("#health")).isEqualTo("UP");
            assertThat(page.textContent("main")).contains("ZB_IMPORT").contains("GB free");
            page.navigate(base + "/mpi?name=dijk");
            assertThat(page.textContent("main")).contains("PAT-31").contains("*****1120").doesNotContain("999911120");
        }
        try (var files = Files.list(dir.resolve("pacs"))) {
            assertThat(files.filter(p -> p.toString().endsWith(".dcm")).count()).isEqualTo(1);
        }
    }
}
