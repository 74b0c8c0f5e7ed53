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
        ConfigurableApplicationContext context;
        try {
            context = app.run(args.toArray(new String[0]));
        } catch (RuntimeException e) {
            // Spring Boot has reported why (a wrong setting in a few lines, see ConfigurationErrorAnalyzer);
            // a second report with the whole stack trace would bury it.
            return 1;
        }
        if (context.isActive()) {
            closed.await();
        }
        return 0;
    }
}
