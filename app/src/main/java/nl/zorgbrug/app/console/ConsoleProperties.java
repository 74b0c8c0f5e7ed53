package nl.zorgbrug.app.console;

import java.time.ZoneId;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code zorgbrug.console.*} settings.
 *
 * @param timeZone the zone the console shows times in (the database keeps UTC); Europe/Amsterdam by default,
 *                 the zone of the hospitals this node serves
 */
@ConfigurationProperties("zorgbrug.console")
public record ConsoleProperties(ZoneId timeZone) {

    public ConsoleProperties {
        timeZone = timeZone == null ? ZoneId.of("Europe/Amsterdam") : timeZone;
    }
}
