package nl.zorgbrug.app.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.internet.MimeMessage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import nl.zorgbrug.bsn.Bsn;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.io.Part10Reader;
import nl.zorgbrug.dicom.net.assoc.Acceptor;
import nl.zorgbrug.gateway.e2e.Dcmtk;
import nl.zorgbrug.transport.link.LinkDesk;
import nl.zorgbrug.transport.pkg.PackageLimits;
import nl.zorgbrug.transport.pkg.PackageReader;

/**
 * The download link in the node (issue 21, "the link flow from the SMTP server's mailbox to a downloaded, verified
 * ZIP"): a person orders a link over REST, the study comes through the link route (storescu in the PACS's place), the
 * node mails the link and the code over SMTP with STARTTLS (GreenMail behind {@link StartTlsRelay}); the test reads
 * both mails, follows the link with java.net.http, types the code and checks the ZIP with the package verifier. A
 * once-link's second download, a revoked link and an expired one are refused, and wrong codes lock a link.
 */
@SpringBootTest(classes = nl.zorgbrug.app.node.ZorgbrugApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class LinkNodeTest {
    static final String LOCAL_ISSUER = "2.16.528.1.1007.99.1";
    static final Pattern LINK = Pattern.compile("(http://\\S+/download/[A-Za-z0-9_-]{43})");
    static final Pattern CODE = Pattern.compile(": (\\d{8})\\r?\\n");
    static Path dir;
    static GreenMail smtp;
    static StartTlsRelay relay;
    static int httpPort;

    static synchronized void peers() throws Exception {
        if (dir != null) {
            return;
        }
        Dcmtk.require();
        dir = Files.createTempDirectory("zorgbrug-link-node");
        smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtp.start();
        relay = new StartTlsRelay(dir.resolve("tls"), smtp.getSmtp().getPort());
        httpPort = Dcmtk.freePort();
    }

    @AfterAll
    static void stopPeers() throws IOException {
        if (relay != null) {
            relay.close();
        }
        if (smtp != null) {
            smtp.stop();
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) throws Exception {
        peers();
        TestNode.properties(r, dir, "linknode", LOCAL_ISSUER, "300ms");
        TestNode.route(r, 2, "link", "ZB_LINK", "EXPORT", "link");
        r.add("server.port", () -> Integer.toString(httpPort));
        String p = "zorgbrug.transport.link.";
        r.add(p + "base-url", () -> "http://127.0.0.1:" + httpPort);
        r.add(p + "sender-name", () -> "Ziekenhuis A");
        r.add(p + "sender-ura", () -> "12345678");
        r.add(p + "max-attempts", () -> "3");
        r.add(p + "smtp.host", () -> "127.0.0.1");
        r.add(p + "smtp.port", () -> Integer.toString(relay.port()));
        r.add(p + "smtp.from", () -> "beelden@ziekenhuis-a.test");
        r.add(p + "smtp.trust-store", () -> relay.trustStore.toString());
        r.add(p + "smtp.trust-store-password", () -> "changeit");
    }

    @Autowired
    Acceptor dicom;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    LinkDesk desk;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    private HttpResponse<String> call(String method, String path, String type, String body) throws Exception {
        return TestNode.call(http, httpPort, method, path, type, body);
    }

    /** Orders a link over REST, sends the study to the link route as our PACS would, and waits for both mails. */
    private Received sendAsLink(String study, String to, boolean swap, boolean once) throws Exception {
        JsonNode ordered = json.readTree(call("POST", "/api/links", "application/json", "{\"studyInstanceUid\":\""
                + study + "\",\"recipient\":\"" + to + "\",\"reason\":\"second opinion\",\"swap\":" + swap
                + ",\"once\":" + once + "}").body());
        assertThat(ordered.at("/link/state").asText()).isEqualTo("ORDERED");
        int before = smtp.getReceivedMessages().length;
        Path in = Files.createDirectories(dir.resolve("in-" + study));
        assertThat(Dcmtk.storescu("OWNPACS", "ZB_LINK", dicom.port(),
                List.of(GatewayNodeTest.ct(in, "PAT-9", LOCAL_ISSUER, study)))).isZero();
        assertThat(smtp.waitForIncomingEmail(30_000, before + 2)).as("link and code mailed").isTrue();
        String link = null;
        String code = null;
        for (MimeMessage m : smtp.getReceivedMessages()) {
            if (!m.getAllRecipients()[0].toString().equals(to)) {
                continue;
            }
            String text = GreenMailUtil.getBody(m).replace("=\r\n", "");
            Matcher l = LINK.matcher(text);
            Matcher c = CODE.matcher(text);
            if (l.find()) {
                link = l.group(1);
                assertThat(c.find()).as("the link's mail holds no code").isFalse();
            } else if (c.find()) {
                code = c.group(1);
            }
        }
        assertThat(link).as("link mail to " + to).isNotNull();
        assertThat(code).as("code mail to " + to).isNotNull();
        return new Received(ordered.at("/link/id").asLong(), link, code);
    }

    record Received(long id, String link, String code) {
    }

    private HttpResponse<String> open(String link) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(link)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<byte[]> typeCode(String link, String code) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(link))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("code=" + URLEncoder.encode(code, StandardCharsets.UTF_8)))
                .build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private void mpi() throws Exception {
        call("POST", "/api/mpi/import", "text/csv", "local_id,local_issuer,bsn,bsn_status,family_name,given_name,"
                + "birth_date,sex\nPAT-9," + LOCAL_ISSUER + ",999911120,validated,Dijk,Jürgen,19811231,M\n");
    }

    @Test
    void theLinkFromTheMailAndTheCodeFromTheOtherGiveAVerifiedPackageOnce() throws Exception {
        mpi();
        Received r = sendAsLink("2.25.778101", "patient@example.test", true, true);
        HttpResponse<String> page = open(r.link());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("code-form").doesNotContain("2.25.778101").doesNotContain("999911120");

        HttpResponse<byte[]> zip = typeCode(r.link(), r.code());
        assertThat(zip.statusCode()).isEqualTo(200);
        assertThat(zip.headers().firstValue("Content-Type")).hasValue("application/zip");
        Path file = dir.resolve("downloaded.zip");
        Files.write(file, zip.body());
        PackageReader.Verified v = PackageReader.unpack(file, dir.resolve("unpacked"), PackageLimits.defaults());
        assertThat(v.manifest().studyInstanceUid()).isEqualTo("2.25.778101");
        assertThat(v.manifest().sender().name()).isEqualTo("Ziekenhuis A");
        assertThat(v.manifest().patientBsn()).isEqualTo("999911120");
        assertThat(Part10Reader.read(v.dicomFiles().get(0)).dataSet().getString(Tag.IssuerOfPatientID))
                .isEqualTo(Bsn.ISSUER_OID);

        assertThat(typeCode(r.link(), r.code()).statusCode()).as("a once-link's second download").isEqualTo(410);
        assertThat(open(r.link()).body()).contains("This link has been used");
        JsonNode job = json.readTree(call("GET", "/api/jobs?channel=LINK&state=DONE", null, null).body()).get(0);
        assertThat(job.get("studyInstanceUid").asText()).isEqualTo("2.25.778101");
        assertThat(job.get("destination").asText()).isEqualTo("link");
        assertThat(job.get("channel").asText()).isEqualTo("LINK");
        // The console's job manager shows and filters by channel, named as the Twiin job manager names them.
        String byLink = call("GET", "/?channel=LINK&lang=en", null, null).body();
        assertThat(byLink).contains("/jobs/" + job.get("id").asText() + "\"").contains(">DICOM E-Mail<");
        assertThat(call("GET", "/?channel=DICOM&lang=nl", null, null).body())
                .doesNotContain("/jobs/" + job.get("id").asText() + "\"").contains("Kanaal");
        assertThat(call("GET", "/?channel=LINK&from=2000-01-01&to=2000-01-14", null, null).body())
                .doesNotContain("/jobs/" + job.get("id").asText() + "\"");
        // The download and the refused second one are in the audit trail, as retrieves by the recipient.
        assertThat(auditRecords("RETRIEVE", "patient@example.test")).isEqualTo(2);
        // The mail is the push: on the reason the link was ordered for, by whom (issue 17, "Enforcement").
        assertThat(auditRecords("SEND", "basis.referral=download link " + r.id() + "; referral: second opinion; sent by "
                + TestNode.USER + " at ")).isEqualTo(1);
    }

    /** Records in the trail of this type naming this text (the trail may write a moment later). */
    private int auditRecords(String type, String text) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 5_000;
        int n;
        do {
            n = jdbc.queryForObject("select count(*) from audit_record where type = ? and patient_bsn = '999911120'"
                    + " and body like ?", Integer.class, type, "%" + text + "%");
            if (n > 0) {
                Thread.sleep(200);
                return jdbc.queryForObject("select count(*) from audit_record where type = ? and patient_bsn ="
                        + " '999911120' and body like ?", Integer.class, type, "%" + text + "%");
            }
            Thread.sleep(50);
        } while (System.currentTimeMillis() < deadline);
        return n;
    }

    @Test
    void aRevokedLinkAndAnExpiredOneOpenNothingAndWrongCodesLockALink() throws Exception {
        mpi();
        Received revoked = sendAsLink("2.25.778102", "kliniek@example.test", false, false);
        call("POST", "/api/links/" + revoked.id() + "/revoke", null, null);
        assertThat(open(revoked.link()).statusCode()).isEqualTo(410);
        assertThat(typeCode(revoked.link(), revoked.code()).statusCode()).isEqualTo(410);

        Received expired = sendAsLink("2.25.778103", "huisarts@example.test", false, false);
        assertThat(typeCode(expired.link(), expired.code()).statusCode()).isEqualTo(200);
        // A week later: the date is moved into the past, as time would.
        jdbc.update("update download_link set valid_until = valid_until - interval '8' day where id = ?", expired.id());
        assertThat(typeCode(expired.link(), expired.code()).statusCode()).isEqualTo(410);
        assertThat(desk.purge()).isGreaterThanOrEqualTo(1);
        assertThat(jdbc.queryForObject("select state from download_link where id = ?", String.class, expired.id()))
                .isEqualTo("EXPIRED");
        assertThat(dir.resolve("data/links/link-" + expired.id() + ".zip")).doesNotExist();

        Received locked = sendAsLink("2.25.778104", "second@example.test", true, false);
        String wrong = locked.code().equals("12345678") ? "87654321" : "12345678";
        assertThat(typeCode(locked.link(), wrong).statusCode()).isEqualTo(403);
        assertThat(new String(typeCode(locked.link(), wrong).body(), StandardCharsets.UTF_8))
                .contains("1 attempt(s) left");
        assertThat(typeCode(locked.link(), wrong).statusCode()).isEqualTo(410);
        assertThat(typeCode(locked.link(), locked.code()).statusCode()).as("locked: the right code too")
                .isEqualTo(410);
        JsonNode links = json.readTree(call("GET", "/api/links", null, null).body());
        assertThat(links.findValuesAsText("state")).contains("REVOKED", "EXPIRED", "LOCKED");
        assertThat(links.toString()).doesNotContain("tokenHash").doesNotContain("codeHash");
    }
}
