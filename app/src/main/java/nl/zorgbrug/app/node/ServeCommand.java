package nl.zorgbrug.app.node;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code zorgbrug serve [--config FILE]}: runs the node until it is stopped (Ctrl-C, SIGTERM). */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the Zorgbrug node: web console and API (http://127.0.0.1:8080 by default).")
public final class ServeCommand implements Callable<Integer> {

    @Option(names = "--config", paramLabel = "FILE",
            description = "An application.yml whose settings override the embedded defaults.")
    Path config;

    @Override
    public Integer call() throws InterruptedException {
        List<String> args = new ArrayList<>();
        if (config != null) {
            if (!Files.isReadable(config)) {
                System.err.println("zorgbrug serve: cannot read configuration file " + config);
                return 2;
            }
            args.add("--spring.config.additional-location=file:" + config.toAbsolutePath());
        }
        SpringApplication app = new SpringApplication(ZorgbrugApplication.class);
        CountDownLatch closed = new CountDownLatch(1);
        app.addListeners(event -> {
            if (event instanceof ContextClosedEvent) {
                closed.countDown();
            }
        });
        // SIGTERM and Ctrl-C stop the node here, on this thread, instead of in the JVM's shutdown hooks: the context's
        // close drains the node (NodeDrain, zorgbrug.node.drain) and the process then exits 0, where the JVM's own
        // handling ends with 143 (128 + SIGTERM) however cleanly the node stopped; a service manager and the
        // two-node test read 0 as "stopped as asked". SIGKILL still ends it at once, as after a power cut.
        CountDownLatch stopAsked = new CountDownLatch(1);
        for (String signal : List.of("TERM", "INT")) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(signal), s -> stopAsked.countDown());
            } catch (IllegalArgumentException notHere) {
                // a platform without this signal (or the JVM reserves it, -Xrs): its default handling stays
            }
        }
        ConfigurableApplicationContext context;
        try {
            context = app.run(args.toArray(new String[0]));
        } catch (RuntimeException e) {
            // Spring Boot has reported why (a wrong setting in a few lines, see ConfigurationErrorAnalyzer);
            // a second report with the whole stack trace would bury it.
            return 1;
        }
        while (context.isActive() && closed.getCount() > 0) {
            if (stopAsked.await(1, java.util.concurrent.TimeUnit.SECONDS)) {
                context.close();
            }
        }
        return 0;
    }
}
