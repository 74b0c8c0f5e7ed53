package nl.zorgbrug.app.node;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The node: Spring Boot wiring of the plain-Java domain modules. Started by {@code zorgbrug serve}. */
@SpringBootApplication(scanBasePackages = "nl.zorgbrug.app")
@ConfigurationPropertiesScan("nl.zorgbrug.app")
public class ZorgbrugApplication {
}
