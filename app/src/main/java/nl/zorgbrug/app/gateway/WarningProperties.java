package nl.zorgbrug.app.gateway;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code zorgbrug.gateway.warnings.*} settings. A receiver's C-STORE warning (PS3.4 B.2.3: 0xB000 coercion
 * of data elements, 0xB006 elements discarded, 0xB007 data set does not match SOP class) is success: the
 * instance is stored, and the warning is recorded in the job's events.
 *
 * @param alert also raise an alert (the ALERT log line and the {@code zorgbrug_job_alerts_total} metric) for a job
 *              whose receiver answered warnings (default false)
 */
@ConfigurationProperties("zorgbrug.gateway.warnings")
public record WarningProperties(boolean alert) {
}
