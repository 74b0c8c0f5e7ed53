package nl.zorgbrug.app.node;

import org.springframework.beans.factory.config.BeanPostProcessor;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;

/**
 * Puts {@link DatabaseFailures} on the node's connection pool as an instance that can reach the pool: after H2 has
 * closed the database every connection is dropped, so that H2 can finish closing it and a new connection opens it
 * again once there is room (issue 15, blocker 4). Before the pool starts (Spring makes the data source before anyone
 * asks it for a connection), so the setting is not yet sealed.
 */
final class DatabasePool implements BeanPostProcessor {

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (bean instanceof HikariDataSource pool) {
            pool.setExceptionOverride(new DatabaseFailures(() -> {
                HikariPoolMXBean running = pool.getHikariPoolMXBean();
                if (running != null) {
                    running.softEvictConnections();
                }
            }));
        }
        return bean;
    }
}
