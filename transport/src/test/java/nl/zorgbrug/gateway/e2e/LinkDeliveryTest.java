package nl.zorgbrug.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nl.zorgbrug.bsn.Bsn;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.io.Part10Reader;
import nl.zorgbrug.dicom.net.OrthancPeer;
import nl.zorgbrug.dicom.net.assoc.AssociationOptions;
import nl.zorgbrug.dicom.net.assoc.Connector;
import nl.zorgbrug.gateway.addressbook.Institution;
import nl.zorgbrug.gateway.job.Direction;
import nl.zorgbrug.gateway.job.Job;
import nl.zorgbrug.gateway.job.JobState;
import nl.zorgbrug.gateway.send.StudySender;
import nl.zorgbrug.transport.link.DownloadLink;
import nl.zorgbrug.transport.link.EmailSecondFactor;
import nl.zorgbrug.transport.link.InMemoryLinkStore;
import nl.zorgbrug.transport.link.LinkDesk;
import nl.zorgbrug.transport.link.LinkEndpoint;
import nl.zorgbrug.transport.link.LinkEvents;
import nl.zorgbrug.transport.link.LinkMailer;
import nl.zorgbrug.transport.link.LinkState;
import nl.zorgbrug.transport.link.LinkStore;
import nl.zorgbrug.transport.link.LinkTransport;
import nl.zorgbrug.transport.link.Secrets;
import nl.zorgbrug.transport.pkg.PackageLimits;
import nl.zorgbrug.transport.pkg.PackageManifest;
import nl.zorgbrug.transport.pkg.PackageReader;

/**
 * The download-link channel on the gateway's export route (issue 21): a person's order, the study through the route,
 * one package stored and two mails (link, code); the code opens the package, which the package verifier accepts; a
 * once-link, a revoked link, an expired link and too many wrong codes open nothing. The mail server is a recorder
 * here; the node's test (LinkNodeTest) uses a real SMTP server and a real HTTP client.
 */
class LinkDeliveryTest {
    static final String STUDY = "2.25.9902";
    static final Pattern LINK = Pattern.compile("/download/([A-Za-z0-9_-]{43})");
    static final Pattern CODE = Pattern.compile(": (\\d{8})\\n");

    @TempDir
    Path tmp;
    final InMemoryLinkStore store = new InMemoryLinkStore();
    final Mailbox mail = new Mailbox();
    final List<String> audit = new CopyOnWriteArrayList<>();
    LinkDesk desk;

    record Mail(String to, String subject, String text) {
    }

    /** The mail server: keeps what it is given, or refuses while {@code down} is set. */
    static final class Mailbox implements LinkMailer {
        final List<Mail> sent = new CopyOnWriteArrayList<>();
        volatile int refuse;

        @Override
        public void send(String to, String subject, String text) throws IOException {
            if (refuse > 0) {
                refuse--;
                throw new IOException("421 mail server busy (test)");
            }
            sent.add(new Mail(to, subject, text));
        }
    }

    @BeforeEach
    void setUp() {
        desk = desk(Clock.systemUTC());
    }

    LinkDesk desk(Clock clock) {
        return new LinkDesk(store, new LinkDesk.Settings(tmp.resolve("links"), 3, Duration.ofDays(7),
                Duration.ofDays(30)), events(), clock);
    }

    LinkEvents events() {
        return new LinkEvents() {
            @Override
            public void ordered(DownloadLink link) {
                audit.add("ordered " + link.id());
            }

            @Override
            public void mailed(DownloadLink link) {
                audit.add("mailed " + link.id());
            }

            @Override
            public void downloaded(DownloadLink link, String from) {
                audit.add("downloaded " + link.id() + " from " + from);
            }

            @Override
            public void refused(DownloadLink link, String from, String why) {
                audit.add("refused " + (link == null ? "?" : link.id()) + ": " + why);
            }

            @Override
            public void revoked(DownloadLink link, String user) {
                audit.add("revoked " + link.id() + " by " + user);
            }
        };
    }

    LinkTransport transport(LinkStore links) throws IOException {
        return new LinkTransport(new LinkTransport.Settings(tmp.resolve("links"), tmp.resolve("work"),
                "https://beelden.ziekenhuis-a.test/", new PackageManifest.Party("Ziekenhuis A", "12345678"),
                Clock.systemUTC()), links, mail, new EmailSecondFactor(mail), events(), new Secrets(new SecureRandom()));
    }

    TestGateway gateway() throws IOException {
        return gateway(store);
    }

    /** The gateway with the link transport reading and writing links through {@code links}. */
    TestGateway gateway(LinkStore links) throws IOException {
        TestGateway gateway = new TestGateway(tmp.resolve("gw"), Duration.ofMillis(300), Duration.ofMinutes(10),
                transport(links));
        gateway.book.save(new Institution("umcx", "Downloadlink", null, null, null, List.of(new LinkEndpoint()), null,
                null));
        return gateway;
    }

    void sendStudy(TestGateway gateway) throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in"));
        List<Path> files = new ArrayList<>();
        for (int n = 1; n <= 3; n++) {
            files.add(GatewayDcmtkTest.ct(in, "ct" + n, "PAT-0042", TestGateway.LOCAL_ISSUER, STUDY, n, false));
        }
        assertThat(Dcmtk.storescu("OWNPACS", "ZB_EXPORT", gateway.port(), files)).isZero();
    }

    DownloadLink order(boolean swap, boolean once) {
        return desk.order(new LinkDesk.Order(STUDY, "dr.jansen@kliniek.test", null, "second opinion", swap, once,
                null), "operator1");
    }

    /** The token from the link mail and the code from the code mail to this address. */
    record Received(String token, String code) {
    }

    Received received(String to) {
        String token = null;
        String code = null;
        for (Mail m : mail.sent) {
            if (!m.to().equals(to)) {
                continue;
            }
            Matcher l = LINK.matcher(m.text());
            if (l.find()) {
                assertThat(m.text()).doesNotContainPattern("\\b\\d{8}\\b");
                token = l.group(1);
            }
            Matcher c = CODE.matcher(m.text());
            if (c.find()) {
                assertThat(m.text()).doesNotContain("/download/");
                code = c.group(1);
            }
        }
        assertThat(token).as("link mail").isNotNull();
        assertThat(code).as("code mail").isNotNull();
        return new Received(token, code);
    }

    @Test
    void theOrderedStudyIsMailedAsALinkAndACodeThatTogetherGiveAVerifiedPackageOnce() throws Exception {
        Dcmtk.require();
        DownloadLink ordered = order(true, true);
        try (TestGateway gateway = gateway()) {
            sendStudy(gateway);
            Job done = gateway.awaitJob(Direction.EXPORT, JobState.DONE);
            assertThat(mail.sent).hasSize(2);
            Received r = received("dr.jansen@kliniek.test");
            DownloadLink active = store.find(ordered.id()).orElseThrow();
            assertThat(active.state()).isEqualTo(LinkState.ACTIVE);
            assertThat(active.jobId()).isEqualTo(done.id());
            // Neither secret is stored as it was mailed.
            assertThat(active.tokenHash()).isEqualTo(Secrets.tokenHash(r.token())).isNotEqualTo(r.token());
            assertThat(active.codeHash()).doesNotContain(r.code());

            LinkDesk.Download d = desk.download(r.token(), r.code(), "192.0.2.7");
            assertThat(d).isInstanceOf(LinkDesk.Download.Granted.class);
            Path zip = ((LinkDesk.Download.Granted) d).file();
            PackageReader.Verified v = PackageReader.unpack(zip, tmp.resolve("check"), PackageLimits.defaults());
            assertThat(v.manifest().studyInstanceUid()).isEqualTo(STUDY);
            assertThat(v.manifest().patientBsn()).isEqualTo(TestGateway.BSN);
            assertThat(v.manifest().referralReason()).isEqualTo("second opinion");
            assertThat(v.dicomFiles()).hasSize(3);
            assertThat(Part10Reader.read(v.dicomFiles().get(0)).dataSet().getString(Tag.IssuerOfPatientID))
                    .isEqualTo(Bsn.ISSUER_OID);

            assertThat(desk.download(r.token(), r.code(), "192.0.2.7"))
                    .isEqualTo(new LinkDesk.Download.Refused(LinkDesk.Refusal.USED, 0));
            assertThat(desk.purge()).isEqualTo(1);
            assertThat(zip).doesNotExist();
            assertThat(audit).contains("downloaded " + ordered.id() + " from 192.0.2.7",
                    "refused " + ordered.id() + ": USED");
        }
    }

    @Test
    void withoutTheSwapThePackageHoldsTheLocalIdAndALinkUntilADateWorksRepeatedly() throws Exception {
        Dcmtk.require();
        DownloadLink ordered = order(false, false);
        try (TestGateway gateway = gateway()) {
            sendStudy(gateway);
            gateway.awaitJob(Direction.EXPORT, JobState.DONE);
            Received r = received("dr.jansen@kliniek.test");
            for (int i = 0; i < 2; i++) {
                LinkDesk.Download d = desk.download(r.token(), r.code(), "192.0.2.7");
                Path zip = ((LinkDesk.Download.Granted) d).file();
                PackageReader.Verified v = PackageReader.unpack(zip, tmp.resolve("check" + i), PackageLimits.defaults());
                assertThat(v.manifest().patientBsn()).isNull();
                assertThat(Part10Reader.read(v.dicomFiles().get(0)).dataSet().getString(Tag.PatientID))
                        .isEqualTo("PAT-0042");
            }
            DownloadLink used = store.find(ordered.id()).orElseThrow();
            assertThat(used.downloads()).isEqualTo(2);

            // A week and a day later (the default validity is a week) it opens nothing, and the purge deletes it.
            LinkDesk later = desk(Clock.fixed(Instant.now().plus(Duration.ofDays(8)), ZoneOffset.UTC));
            assertThat(later.download(r.token(), r.code(), "x")).isEqualTo(new LinkDesk.Download.Refused(
                    LinkDesk.Refusal.EXPIRED, 0));
            assertThat(desk.purge()).isZero();
            assertThat(later.purge()).isEqualTo(1);
            assertThat(store.find(ordered.id()).orElseThrow().state()).isEqualTo(LinkState.EXPIRED);
            assertThat(tmp.resolve("links").resolve(used.packageFile())).doesNotExist();
        }
    }

    @Test
    void wrongCodesLockTheLinkARevokedOneAndAnExpiredOneOpenNothing() throws Exception {
        Dcmtk.require();
        DownloadLink locked = order(true, false);
        try (TestGateway gateway = gateway()) {
            sendStudy(gateway);
            gateway.awaitJob(Direction.EXPORT, JobState.DONE);
            Received r = received("dr.jansen@kliniek.test");
            String wrong = r.code().equals("00000000") ? "00000001" : "00000000";
            assertThat(desk.download(r.token(), wrong, "x")).isEqualTo(new LinkDesk.Download.Refused(
                    LinkDesk.Refusal.WRONG_CODE, 2));
            assertThat(desk.download(r.token(), wrong, "x")).isEqualTo(new LinkDesk.Download.Refused(
                    LinkDesk.Refusal.WRONG_CODE, 1));
            assertThat(desk.download(r.token(), wrong, "x")).isEqualTo(new LinkDesk.Download.Refused(
                    LinkDesk.Refusal.LOCKED, 0));
            // Locked: the right code no longer opens it.
            assertThat(desk.download(r.token(), r.code(), "x")).isEqualTo(new LinkDesk.Download.Refused(
                    LinkDesk.Refusal.LOCKED, 0));
            assertThat(store.find(locked.id()).orElseThrow().state()).isEqualTo(LinkState.LOCKED);
            assertThat(desk.download(r.token().substring(1) + "A", r.code(), "x"))
                    .isEqualTo(new LinkDesk.Download.Refused(LinkDesk.Refusal.UNKNOWN, 0));
        }
        DownloadLink revoked = order(true, false);
        mail.sent.clear();
        try (TestGateway gateway = gateway()) {
            sendStudy(gateway);
            gateway.awaitJob(Direction.EXPORT, JobState.DONE);
            Received r = received("dr.jansen@kliniek.test");
            Path zip = tmp.resolve("links").resolve(store.find(revoked.id()).orElseThrow().packageFile());
            desk.revoke(revoked.id(), "operator2");
            assertThat(zip).doesNotExist();
            assertThat(desk.download(r.token(), r.code(), "x")).isEqualTo(new LinkDesk.Download.Refused(
                    LinkDesk.Refusal.REVOKED, 0));
            assertThatThrownBy(() -> desk.revoke(revoked.id(), "operator2")).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("REVOKED");
            assertThat(audit).contains("revoked " + revoked.id() + " by operator2");
        }
    }

    /**
     * A second link for a study whose first link's job is DONE (a second opinion after the first): the study's
     * objects left the spool with the first package, so the second is packed from the copy our PACS (Orthanc as
     * installed, knowing the node) sends when the order asks it to, as "send study" does. Before, the reopened job
     * found every instance acknowledged and the second link failed for good.
     */
    @Test
    void aSecondLinkForADeliveredStudyIsPackedFromTheCopyThePacsSendsAgain() throws Exception {
        Dcmtk.require();
        try (TestGateway gateway = gateway();
             OrthancPeer pacs = OrthancPeer.start(Files.createDirectories(tmp.resolve("orthanc")),
                     Map.of("zb", new OrthancPeer.Modality("ZB_EXPORT", gateway.port()),
                             "zorgbrug", new OrthancPeer.Modality("ZORGBRUG", gateway.port())),
                     OrthancPeer.Access.AS_INSTALLED)) {
            gateway.book.save(new Institution("ownpacs", "Eigen PACS", null, null, TestGateway.LOCAL_ISSUER,
                    OrthancPeer.AET, "127.0.0.1", pacs.dicomPort(), false, null, null, null));
            Path in = Files.createDirectories(tmp.resolve("in"));
            for (int n = 1; n <= 3; n++) {
                Path f = GatewayDcmtkTest.ct(in, "ct" + n, "PAT-0042", TestGateway.LOCAL_ISSUER, STUDY, n, false);
                assertThat(pacs.postBytes("/instances", Files.readAllBytes(f)).statusCode()).isEqualTo(200);
            }
            StudySender sender = new StudySender(gateway.book, gateway.routes, gateway.manager,
                    new Connector(AssociationOptions.DEFAULT), "ZORGBRUG", "ownpacs", Clock.systemUTC());

            DownloadLink first = order(true, true);
            sender.send(STUDY, "umcx", null, "second opinion", "operator1");
            Job done = gateway.awaitJob(Direction.EXPORT, JobState.DONE);
            assertThat(mail.sent).hasSize(2);

            DownloadLink second = desk.order(new LinkDesk.Order(STUDY, "radioloog@umc-b.test", null,
                    "third opinion", true, true, null), "operator2");
            sender.send(STUDY, "umcx", null, "third opinion", "operator2");
            long deadline = System.currentTimeMillis() + 30_000;
            while (mail.sent.size() < 4 && System.currentTimeMillis() < deadline) {
                Thread.sleep(100);
            }
            assertThat(mail.sent).as("the second link's two mails").hasSize(4);
            assertThat(gateway.awaitJob(Direction.EXPORT, JobState.DONE).id()).isEqualTo(done.id());

            Received r = received("radioloog@umc-b.test");
            LinkDesk.Download d = desk.download(r.token(), r.code(), "192.0.2.8");
            assertThat(d).isInstanceOf(LinkDesk.Download.Granted.class);
            PackageReader.Verified v = PackageReader.unpack(((LinkDesk.Download.Granted) d).file(),
                    tmp.resolve("check2"), PackageLimits.defaults());
            assertThat(v.dicomFiles()).as("the whole study, from the PACS's new copy").hasSize(3);
            assertThat(v.manifest().referralReason()).isEqualTo("third opinion");
            assertThat(store.find(second.id()).orElseThrow().state()).isEqualTo(LinkState.USED);
            // The first link is untouched by the second: still its own package, once.
            Received r1 = received("dr.jansen@kliniek.test");
            assertThat(desk.download(r1.token(), r1.code(), "192.0.2.7")).isInstanceOf(LinkDesk.Download.Granted.class);
            assertThat(store.find(first.id()).orElseThrow().state()).isEqualTo(LinkState.USED);
        }
    }

    /**
     * A person revokes an order just after the job read it, while its package is being made: the link stays revoked,
     * is not mailed, and no package is left. Before, the transport's save turned it ACTIVE again and mailed it.
     */
    @Test
    void aLinkRevokedWhileItsPackageIsMadeIsNeitherActivatedNorMailed() throws Exception {
        Dcmtk.require();
        DownloadLink ordered = order(true, true);
        AtomicBoolean revokeOnRead = new AtomicBoolean(true);
        LinkStore racing = (LinkStore) Proxy.newProxyInstance(LinkStore.class.getClassLoader(),
                new Class<?>[] {LinkStore.class}, (proxy, method, args) -> {
                    Object result;
                    try {
                        result = method.invoke(store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    if (method.getName().equals("ordered") && revokeOnRead.getAndSet(false)) {
                        desk.revoke(ordered.id(), "operator2");
                    }
                    return result;
                });
        try (TestGateway gateway = gateway(racing)) {
            sendStudy(gateway);
            gateway.awaitJob(Direction.EXPORT, JobState.DONE);
            assertThat(revokeOnRead).isFalse();
            assertThat(store.find(ordered.id()).orElseThrow().state()).isEqualTo(LinkState.REVOKED);
            assertThat(mail.sent).isEmpty();
            try (var left = Files.list(tmp.resolve("links"))) {
                assertThat(left.toList()).as("no package left").isEmpty();
            }
            assertThat(gateway.jobs.events()).anyMatch(e -> e.contains("was revoked while its package was made"));
        }
    }

    @Test
    void aMailServerThatRefusesFailsTheJobForNowAndTheRetryMailsNewSecrets() throws Exception {
        Dcmtk.require();
        DownloadLink ordered = order(true, true);
        mail.refuse = 1;
        try (TestGateway gateway = gateway()) {
            sendStudy(gateway);
            Job done = gateway.awaitJob(Direction.EXPORT, JobState.DONE);
            assertThat(done.attempts()).isGreaterThanOrEqualTo(2);
            assertThat(mail.sent).hasSize(2);
            Received r = received("dr.jansen@kliniek.test");
            assertThat(desk.download(r.token(), r.code(), "x")).isInstanceOf(LinkDesk.Download.Granted.class);
            assertThat(store.find(ordered.id()).orElseThrow().state()).isEqualTo(LinkState.USED);
        }
    }

    @Test
    void aStudyNobodyOrderedALinkForFailsForGoodWithTheReason() throws Exception {
        Dcmtk.require();
        try (TestGateway gateway = gateway()) {
            sendStudy(gateway);
            Job failed = gateway.awaitJob(Direction.EXPORT, JobState.FAILED);
            assertThat(failed.reason()).contains("no download link was ordered for study " + STUDY);
            assertThat(mail.sent).isEmpty();
        }
    }

    @Test
    void anOrderNeedsAnAddressAReasonAndADateWithinTheLimit() {
        assertThatThrownBy(() -> desk.order(new LinkDesk.Order(STUDY, "not-an-address", null, " ", true, true,
                Instant.now().plus(Duration.ofDays(60))), "operator1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("recipient").hasMessageContaining("reason").hasMessageContaining("30 days");
        assertThat(store.recent(10)).isEmpty();
    }
}
