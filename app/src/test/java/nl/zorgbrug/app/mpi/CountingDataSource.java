package nl.zorgbrug.app.mpi;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.springframework.jdbc.datasource.DelegatingDataSource;

/** A data source counting the statements prepared or created and the commits on its connections (issue 16). */
final class CountingDataSource extends DelegatingDataSource {
    private final AtomicInteger statements;
    private final AtomicInteger commits;

    CountingDataSource(DataSource target, AtomicInteger statements, AtomicInteger commits) {
        super(target);
        this.statements = statements;
        this.commits = commits;
    }

    @Override
    public Connection getConnection() throws SQLException {
        Connection c = super.getConnection();
        InvocationHandler h = (proxy, method, args) -> {
            String name = method.getName();
            if (name.equals("prepareStatement") || name.equals("createStatement") || name.equals("prepareCall")) {
                statements.incrementAndGet();
            } else if (name.equals("commit")) {
                commits.incrementAndGet();
            }
            try {
                return method.invoke(c, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                h);
    }
}
