package nl.zorgbrug.hl7.mllp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.app.Connection;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.parser.CanonicalModelClassFactory;
import ca.uhn.hl7v2.util.Terser;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;
import nl.zorgbrug.bsn.Bsn;
import nl.zorgbrug.bsn.mpi.BsnStatus;
import nl.zorgbrug.hl7.AckText;
import nl.zorgbrug.hl7.Adt;
import nl.zorgbrug.hl7.TestMpi;
import nl.zorgbrug.hl7.adt.AdtReceiver;

/**
 * The listener as an EPD's interface engine meets it: HAPI's own MLLP client sends a generated ADT stream over one
 * connection; and as a broken or hostile sender meets it: framing errors, a message over the limit, a silent
 * connection, bytes that are no HL7 — after each the listener still serves the next sender.
 */
class MllpListenerTest {
    final TestMpi t = new TestMpi();
    final AdtReceiver receiver = t.receiver();
    MllpServer server;
    HapiContext hapi;

    @BeforeEach
    void start() throws IOException {
        server = new MllpServer(new MllpSettings("127.0.0.1", 0, 64 * 1024, Duration.ofMillis(800),
                Duration.ofSeconds(5), 4, java.util.Set.of()), new MllpServer.Handler() {
            @Override
            public byte[] handle(byte[] message) {
                return receiver.receive(message);
            }

            @Override
            public byte[] tooLarge(byte[] head, long limit) {
                return receiver.tooLarge(head, limit);
            }
        });
        server.start();
        hapi = new DefaultHapiContext();
        hapi.setModelClassFactory(new CanonicalModelClassFactory("2.5.1"));
        hapi.setValidationContext(ValidationContextFactory.noValidation());
    }

    @AfterEach
    void stop() throws IOException {
        hapi.close();
        server.close();
    }

    @Test
    void hapisClientSendsAGeneratedStreamOverOneConnectionAndEveryMessageIsAcknowledgedInOrder() throws Exception {
        List<Bsn> bsns = bsns(60);
        Connection c = hapi.newClient("127.0.0.1", server.port(), false);
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            String version = List.of("2.3", "2.4", "2.5", "2.5.1").get(i % 4);
            codes.add(send(c, Adt.of("A04").version(version).pid("P" + i, bsns.get(i), i % 2 == 0 ? "validated" : "verified")));
        }
        for (int i = 0; i < 60; i += 3) {
            codes.add(send(c, Adt.of("A08").pid("P" + i, bsns.get(i), "verified+validated")));
        }
        // A merge, a conflict, a renumbering.
        codes.add(send(c, Adt.of("A40").pid("P1", bsns.get(1), "verified").mrg("P3")));
        codes.add(send(c, Adt.of("A28").pid("DUP", bsns.get(0), "validated")));
        codes.add(send(c, Adt.of("A47").pid("P5-NEW", bsns.get(5), null).mrg("P5")));
        c.close();

        assertThat(codes).containsOnly("AA");
        assertThat(t.mpi.count()).isEqualTo(60 - 1 + 1);
        assertThat(t.patient("P0").bsnStatus()).isEqualTo(BsnStatus.VERIFIED_AND_VALIDATED);
        assertThat(t.patient("P7").bsnStatus()).isEqualTo(BsnStatus.VERIFIED);
        assertThat(t.mpi.byLocalId("P3", TestMpi.LOCAL_ISSUER)).isEmpty();
        assertThat(t.patient("DUP").conflicted()).isTrue();
        assertThat(t.patient("P5-NEW").bsnStatus()).isEqualTo(BsnStatus.VERIFIED);
    }

    private String send(Connection c, Adt message) throws Exception {
        Message request = hapi.getPipeParser().parse(message.text());
        Message response = c.getInitiator().sendAndReceive(request);
        Terser ack = new Terser(response);
        // HAPI's initiator matched MSA-2 to our MSH-10 already; check it all the same.
        assertThat(ack.get("/MSA-2")).isEqualTo(new Terser(request).get("/MSH-10"));
        return ack.get("/MSA-1");
    }

    @Test
    void aMessageOverTheLimitIsRejectedAndTheConnectionGoesOn() throws Exception {
        try (Socket s = connect()) {
            String big = Adt.of("A04").pid("BIG", null, null, "X".repeat(100_000), "Y", "19700101", "F").text();
            AckText ack = AckText.of(exchange(s, big.getBytes(StandardCharsets.UTF_8)));
            assertThat(ack.code()).isEqualTo("AR");
            assertThat(ack.field("ERR", 8)).contains("65536 bytes");
            assertThat(ack.field("MSA", 2)).isNotEmpty();
            assertThat(AckText.of(exchange(s, Adt.of("A04").pid("SMALL", null, null).bytes())).code()).isEqualTo("AA");
        }
        assertThat(t.mpi.byLocalId("BIG", TestMpi.LOCAL_ISSUER)).isEmpty();
        assertThat(t.mpi.byLocalId("SMALL", TestMpi.LOCAL_ISSUER)).isPresent();
    }

    /**
     * Issue 16, bad input, with the limits a node runs with (docs/operations.md: 1 MiB): a segment of 1 MiB makes the
     * message larger than the limit, a message of 100 MB is read through and not kept; each is answered AR naming the
     * limit, nothing of it applied, and the same connection goes on. A 1 MB name in a message under a larger limit is
     * refused with the field named (AE), not stored and not answered AR (an AR makes the EPD send it again).
     */
    @Test
    void aSegmentOfOneMegabyteAndAMessageOfHundredMegabytesAreRefusedAndTheListenerGoesOn() throws Exception {
        try (MllpServer defaults = server(MllpSettings.onPort("127.0.0.1", 0));
             Socket s = connect(defaults)) {
            String segment = "ZNT|1|" + "N".repeat(1 << 20) + "\r";
            AckText ack = AckText.of(exchange(s, (Adt.of("A04").pid("SEG", null, null).text() + segment)
                    .getBytes(StandardCharsets.UTF_8)));
            assertThat(ack.code()).isEqualTo("AR");
            assertThat(ack.field("ERR", 8)).contains("1048576 bytes").contains("nothing was applied");
            assertThat(ack.field("MSA", 2)).isNotEmpty();

            long size = 100L * 1000 * 1000;
            ack = AckText.of(exchangeLarge(s, Adt.of("A04").pid("HUGE", null, null).text(), size));
            assertThat(ack.code()).isEqualTo("AR");
            assertThat(ack.field("ERR", 8)).contains("1048576 bytes");

            assertThat(AckText.of(exchange(s, Adt.of("A04").pid("NEXT", null, null).bytes())).code()).isEqualTo("AA");
        }
        assertThat(t.mpi.byLocalId("SEG", TestMpi.LOCAL_ISSUER)).isEmpty();
        assertThat(t.mpi.byLocalId("HUGE", TestMpi.LOCAL_ISSUER)).isEmpty();
        assertThat(t.patient("NEXT")).isNotNull();

        try (MllpServer larger = server(new MllpSettings("127.0.0.1", 0, 4 << 20, Duration.ofSeconds(10),
                Duration.ofSeconds(30), 2, java.util.Set.of()));
             Socket s = connect(larger)) {
            String name = "J".repeat(1_000_000);
            AckText ack = AckText.of(exchange(s, Adt.of("A04").pid("LONG", null, null, name, "Olga", "19650302", "F")
                    .bytes()));
            assertThat(ack.code()).isEqualTo("AE");
            assertThat(ack.errors()).singleElement().asString().startsWith("PID^1^5");
            assertThat(ack.field("ERR", 8)).contains("1000000 characters");
            assertThat(AckText.of(exchange(s, Adt.of("A04").pid("SHORT", null, null).bytes())).code())
                    .isEqualTo("AA");
        }
        assertThat(t.mpi.byLocalId("LONG", TestMpi.LOCAL_ISSUER)).isEmpty();
        assertThat(t.patient("SHORT")).isNotNull();
    }

    private MllpServer server(MllpSettings settings) throws IOException {
        MllpServer other = new MllpServer(settings, new MllpServer.Handler() {
            @Override
            public byte[] handle(byte[] message) {
                return receiver.receive(message);
            }

            @Override
            public byte[] tooLarge(byte[] head, long limit) {
                return receiver.tooLarge(head, limit);
            }
        });
        other.start();
        return other;
    }

    private static Socket connect(MllpServer to) throws IOException {
        Socket s = new Socket("127.0.0.1", to.port());
        s.setSoTimeout(60_000);
        return s;
    }

    /**
     * One framed message of {@code size} bytes: {@code message} and then a Z-segment filled up to the size, written
     * in pieces so the test holds only one piece in memory; its framed answer in.
     */
    static byte[] exchangeLarge(Socket s, String message, long size) throws IOException {
        OutputStream out = new java.io.BufferedOutputStream(s.getOutputStream(), 1 << 16);
        out.write(0x0B);
        byte[] head = (message + "ZNT|1|").getBytes(StandardCharsets.UTF_8);
        out.write(head);
        byte[] piece = "N".repeat(1 << 16).getBytes(StandardCharsets.US_ASCII);
        long left = size - head.length - 1;
        while (left > 0) {
            int n = (int) Math.min(piece.length, left);
            out.write(piece, 0, n);
            left -= n;
        }
        out.write('\r');
        out.write(0x1C);
        out.write(0x0D);
        out.flush();
        InputStream in = s.getInputStream();
        assertThat(in.read()).isEqualTo(0x0B);
        java.io.ByteArrayOutputStream ack = new java.io.ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != 0x1C) {
            assertThat(b).as("the answer ends with 0x1C 0x0D").isNotNegative();
            ack.write(b);
        }
        assertThat(in.read()).isEqualTo(0x0D);
        return ack.toByteArray();
    }

    @Test
    void garbageIsAnsweredWithARejectionAndTheConnectionGoesOn() throws Exception {
        try (Socket s = connect()) {
            AckText noMsh = AckText.of(exchange(s, "PID|1||X^^^ZHVB^PI\r".getBytes(StandardCharsets.UTF_8)));
            assertThat(noMsh.code()).isEqualTo("AR");
            assertThat(noMsh.errors()).containsExactly("MSH^1^ E");
            byte[] latin1 = Adt.of("A04").pid("LAT", null, null, "Müller", "Zoë", "19700101", "F").text()
                    .getBytes(StandardCharsets.ISO_8859_1);
            AckText undeclared = AckText.of(exchange(s, latin1));
            assertThat(undeclared.code()).isEqualTo("AR");
            assertThat(undeclared.errors()).containsExactly("MSH^1^18 E");
            byte[] declared = Adt.of("A04").charset("8859/1").pid("LAT", null, null, "Müller", "Zoë", "19700101", "F")
                    .text().getBytes(StandardCharsets.ISO_8859_1);
            assertThat(AckText.of(exchange(s, declared), StandardCharsets.ISO_8859_1).code()).isEqualTo("AA");
            AckText badDelimiters = AckText.of(exchange(s, "MSH|^^^^|HIX\r".getBytes(StandardCharsets.UTF_8)));
            assertThat(badDelimiters.code()).isEqualTo("AR");
        }
        assertThat(t.patient("LAT").familyName()).isEqualTo("Müller");
    }

    @Test
    void aFramingErrorClosesThatConnectionOnlyAndNothingOfItIsApplied() throws Exception {
        try (Socket s = connect()) {
            OutputStream out = s.getOutputStream();
            out.write("no start block".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(s.getInputStream().read()).as("closed by the node").isEqualTo(-1);
        }
        try (Socket s = connect()) {
            OutputStream out = s.getOutputStream();
            out.write(0x0B);
            out.write(Adt.of("A04").pid("HALF", null, null).bytes());
            out.write(0x0B); // a new start before the end of the first: the stream lost its place
            out.flush();
            assertThat(s.getInputStream().read()).isEqualTo(-1);
        }
        assertThat(t.mpi.byLocalId("HALF", TestMpi.LOCAL_ISSUER)).isEmpty();
        assertStillServing();
    }

    @Test
    void aSilentConnectionIsClosedAfterTheIdleTimeOut() throws Exception {
        try (Socket s = connect()) {
            s.setSoTimeout(10_000);
            assertThat(s.getInputStream().read()).as("closed by the node after its idle time-out").isEqualTo(-1);
        }
        assertStillServing();
    }

    @Test
    void connectionsBeyondTheMaximumAreClosedAndTheOthersServed() throws Exception {
        List<Socket> held = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                Socket s = connect();
                held.add(s);
                // Each is served (its thread started) before the next arrives.
                assertThat(AckText.of(exchange(s, Adt.of("A04").pid("H" + i, null, null).bytes())).code()).isEqualTo("AA");
            }
            try (Socket extra = connect()) {
                extra.setSoTimeout(10_000);
                assertThat(extra.getInputStream().read()).isEqualTo(-1);
            }
            assertThat(AckText.of(exchange(held.get(0), Adt.of("A08").pid("H0", null, null).bytes())).code())
                    .isEqualTo("AA");
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }

    private void assertStillServing() throws Exception {
        try (Socket s = connect()) {
            assertThat(AckText.of(exchange(s, Adt.of("A04").pid("AFTER", null, null).bytes())).code()).isEqualTo("AA");
        }
    }

    private Socket connect() throws IOException {
        Socket s = new Socket("127.0.0.1", server.port());
        s.setSoTimeout(10_000);
        return s;
    }

    /** One framed message out, its framed answer in. */
    static byte[] exchange(Socket s, byte[] message) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(0x0B);
        out.write(message);
        out.write(0x1C);
        out.write(0x0D);
        out.flush();
        InputStream in = s.getInputStream();
        assertThat(in.read()).isEqualTo(0x0B);
        java.io.ByteArrayOutputStream ack = new java.io.ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != 0x1C) {
            assertThat(b).as("the answer ends with 0x1C 0x0D").isNotNegative();
            ack.write(b);
        }
        assertThat(in.read()).isEqualTo(0x0D);
        return ack.toByteArray();
    }

    static List<Bsn> bsns(int n) {
        List<Bsn> out = new ArrayList<>();
        for (int i = 100_000; out.size() < n; i++) {
            String eight = String.format("99%06d", i);
            int sum = 0;
            for (int k = 0; k < 8; k++) {
                sum += (9 - k) * (eight.charAt(k) - '0');
            }
            int check = sum % 11;
            if (check < 10) {
                Bsn.tryParse(eight + check).ifPresent(out::add);
            }
        }
        return out;
    }
}
