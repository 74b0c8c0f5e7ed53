package nl.zorgbrug.hl7.mllp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 22: the MLLP listener of a node taken out of rotation. It accepts no new connection; a connection with no
 * message in hand is closed at once; a connection whose message is being handled gets its acknowledgement first and
 * is closed after it; a message is never handled without its acknowledgement being sent.
 */
class MllpDrainTest {
    private final CountDownLatch inHand = new CountDownLatch(1);
    private final CountDownLatch letGo = new CountDownLatch(1);
    private final List<String> handled = new CopyOnWriteArrayList<>();
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final MllpServer server = new MllpServer(new MllpSettings("127.0.0.1", 0, 64 * 1024,
            Duration.ofSeconds(30), Duration.ofSeconds(5), 4, java.util.Set.of()), new MllpServer.Handler() {
        @Override
        public byte[] handle(byte[] message) {
            String text = new String(message, StandardCharsets.US_ASCII);
            if (text.contains("SLOW")) {
                inHand.countDown();
                try {
                    letGo.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            handled.add(text);
            return ("MSA|AA|" + text).getBytes(StandardCharsets.US_ASCII);
        }

        @Override
        public byte[] tooLarge(byte[] head, long limit) {
            return "MSA|AE".getBytes(StandardCharsets.US_ASCII);
        }
    });

    @AfterEach
    void stop() {
        letGo.countDown();
        server.close();
        pool.shutdownNow();
    }

    @Test
    void drainingRefusesNewConnectionsClosesIdleOnesAndAnswersTheMessageInHandFirst() throws Exception {
        server.start();
        int port = server.port();
        try (Socket idle = new Socket("127.0.0.1", port); Socket busy = new Socket("127.0.0.1", port)) {
            // The idle connection has had a message answered, and sends nothing more.
            assertThat(exchange(idle, "FIRST")).isEqualTo("MSA|AA|FIRST");
            // The busy one's message is being handled when the drain begins.
            send(busy, "SLOW");
            assertThat(inHand.await(5, TimeUnit.SECONDS)).isTrue();
            Future<Boolean> drained = pool.submit(() -> server.drain(Duration.ofSeconds(10)));

            // No new connection (a proxy in front passes it to another node).
            assertThatThrownBy(() -> {
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (System.nanoTime() < until) {
                    try (Socket s = new Socket()) {
                        s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                    }
                    Thread.sleep(20);
                }
            }).isInstanceOf(IOException.class);
            // The idle connection is closed at once, without its message in hand: its sender sends again elsewhere.
            idle.setSoTimeout(5000);
            assertThat(idle.getInputStream().read()).isEqualTo(-1);
            assertThat(drained.isDone()).as("the drain waits for the message in hand").isFalse();

            // The message in hand is answered, then its connection is closed and the drain ends.
            letGo.countDown();
            busy.setSoTimeout(5000);
            assertThat(answer(busy.getInputStream())).isEqualTo("MSA|AA|SLOW");
            assertThat(busy.getInputStream().read()).isEqualTo(-1);
            assertThat(drained.get(10, TimeUnit.SECONDS)).isTrue();
            assertThat(server.openConnections()).isZero();
            assertThat(handled).containsExactly("FIRST", "SLOW");
        }
    }

    @Test
    void aDrainWithNothingOpenEndsAtOnce() throws Exception {
        server.start();
        long t0 = System.nanoTime();
        assertThat(server.drain(Duration.ofSeconds(10))).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
    }

    private static String exchange(Socket s, String text) throws IOException {
        send(s, text);
        return answer(s.getInputStream());
    }

    private static void send(Socket s, String text) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(0x0B);
        out.write(text.getBytes(StandardCharsets.US_ASCII));
        out.write(0x1C);
        out.write(0x0D);
        out.flush();
    }

    private static String answer(InputStream in) throws IOException {
        assertThat(in.read()).isEqualTo(0x0B);
        StringBuilder b = new StringBuilder();
        for (int c; (c = in.read()) != 0x1C; ) {
            assertThat(c).as("the answer ends with 0x1C 0x0D").isNotNegative();
            b.append((char) c);
        }
        assertThat(in.read()).isEqualTo(0x0D);
        return b.toString();
    }
}
