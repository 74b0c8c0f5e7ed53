package nl.zorgbrug.gateway.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;

/**
 * Issue 22, drain: a whole study in one STOW-RS request (PS3.18 10.5) stops sending its body when the node hands its
 * deliveries back, instead of running on until the process ends. The server gets a body without its closing
 * delimiter (RFC 2046 5.1.1), so no complete request; the client says it stopped. A request whose body was all sent
 * is answered as usual.
 */
class StowRsStopTest {
    @TempDir
    Path tmp;
    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    /** A server that waits for {@code go} before it reads the body, and keeps what it read. */
    private CompletableFuture<byte[]> serve(CountDownLatch go) throws IOException {
        CompletableFuture<byte[]> body = new CompletableFuture<>();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/dicom-web/studies", exchange -> {
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            try (InputStream in = exchange.getRequestBody()) {
                go.await(10, TimeUnit.SECONDS);
                in.transferTo(got);
                byte[] answer = "{}".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/dicom+json");
                exchange.sendResponseHeaders(200, answer.length);
                exchange.getResponseBody().write(answer);
            } catch (IOException | InterruptedException e) {
                // The client stopped sending: what came is all there is.
            } finally {
                body.complete(got.toByteArray());
                exchange.close();
            }
        });
        server.start();
        return body;
    }

    private List<Path> files(int count, int megabytes) throws IOException {
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            files.add(Files.write(tmp.resolve("f" + i + ".dcm"), new byte[megabytes * 1024 * 1024]));
        }
        return files;
    }

    @Test
    void aRequestStopsSendingItsBodyWhenTheNodeHandsBack() throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        CompletableFuture<byte[]> received = serve(go);
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/dicom-web/studies";
        List<Path> study = files(4, 8);
        AtomicBoolean handingBack = new AtomicBoolean();
        CompletableFuture<Throwable> outcome = CompletableFuture.supplyAsync(() -> {
            try {
                new StowRsClient().store(url, study, handingBack::get);
                return null;
            } catch (IOException e) {
                return e;
            }
        });
        Thread.sleep(300);
        assertThat(outcome).as("the server does not read yet, so the body is not all sent").isNotDone();
        handingBack.set(true);
        go.countDown();
        assertThat(outcome.get(10, TimeUnit.SECONDS)).isInstanceOf(StowRsClient.Stopped.class)
                .hasMessageContaining("stopped before its body was all sent");
        byte[] got = received.get(10, TimeUnit.SECONDS);
        assertThat(got.length).as("less than the study").isLessThan(4 * 8 * 1024 * 1024);
        String tail = new String(got, Math.max(0, got.length - 200), Math.min(200, got.length),
                StandardCharsets.ISO_8859_1);
        assertThat(tail).as("no closing delimiter").doesNotContain("--\r\n");
    }

    @Test
    void aBodyAllSentIsAnsweredAsUsual() throws Exception {
        CountDownLatch go = new CountDownLatch(0);
        CompletableFuture<byte[]> received = serve(go);
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/dicom-web/studies";
        StowRsClient.Response r = new StowRsClient().store(url, files(2, 1), () -> false);
        assertThat(r.status()).isEqualTo(200);
        String tail = new String(received.get(10, TimeUnit.SECONDS), StandardCharsets.ISO_8859_1);
        assertThat(tail).endsWith("--\r\n");
        assertThatThrownBy(() -> new StowRsClient().store("http://127.0.0.1:1/dicom-web/studies", files(1, 1),
                () -> false)).isInstanceOf(IOException.class).isNotInstanceOf(StowRsClient.Stopped.class);
    }
}
