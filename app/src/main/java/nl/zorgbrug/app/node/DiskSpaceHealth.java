package nl.zorgbrug.app.node;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

import nl.zorgbrug.gateway.spool.DiskReserve;
import nl.zorgbrug.gateway.spool.DiskReserves;

/**
 * {@code diskSpace} in {@code /actuator/health}: OUT_OF_SERVICE while a disk the node writes to (the spool's, an
 * embedded database's) has less free than its reserve, which is exactly while the node refuses new objects with
 * 0xA700; UP again by itself once there is room. The details name each disk with its directory, what is free and
 * the reserve's setting. Reads the same {@link DiskReserves} as the spool's check, so the two cannot disagree.
 */
public final class DiskSpaceHealth implements HealthIndicator {
    private final DiskReserves reserves;

    public DiskSpaceHealth(DiskReserves reserves) {
        this.reserves = reserves;
    }

    @Override
    public Health health() {
        Health.Builder health = Health.up();
        for (DiskReserve.Reading reading : reserves.read()) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("path", reading.reserve().directory().toAbsolutePath().toString());
            details.put("free", reading.freeBytes());
            details.put("reserve", reading.reserve().minimumFreeBytes());
            details.put("setting", reading.reserve().setting());
            details.put("status", reading.low() ? "LOW: new objects are refused" : "OK");
            health.withDetail(reading.reserve().name(), details);
            if (reading.low()) {
                health.outOfService().withDetail("reason", reading.describe());
            }
        }
        return health.build();
    }
}
