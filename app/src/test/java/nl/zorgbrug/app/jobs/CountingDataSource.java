package nl.zorgbrug.app.jobs;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.sql.DataSource;

import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * Issue 22: counts what the node sends to its database, one entry per round trip — a statement executed, a JDBC batch
 * executed (one, whatever it holds: the driver sends it with one sync), a commit or a rollback. Setting auto-commit
 * is not counted: PostgreSQL's driver sends nothing for it (the transaction begins with the next statement).
 */
final class CountingDataSource extends DelegatingDataSource {
    private final List<String> sent = new CopyOnWriteArrayList<>();

    CountingDataSource(DataSource target) {
        super(target);
    }

    /** What was sent since the last {@link #reset}, in order: the statements' SQL, "batch of n: ...", "commit". */
    List<String> sent() {
        return List.copyOf(sent);
    }

    void reset() {
        sent.clear();
    }

    @Override
    public Connection getConnection() throws SQLException {
        return counted(super.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return counted(super.getConnection(username, password));
    }

    private Connection counted(Connection target) {
        InvocationHandler h = (proxy, method, args) -> {
            switch (method.getName()) {
                case "commit" -> sent.add("commit");
                case "rollback" -> sent.add("rollback");
                default -> {
                }
            }
            Object result = invoke(target, method, args);
            if (result instanceof Statement s && method.getName().matches("prepareStatement|prepareCall")) {
                return statement(s, (String) args[0]);
            }
            if (result instanceof Statement s) {
                return statement(s, null);
            }
            return result;
        };
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                h);
    }

    private Statement statement(Statement target, String preparedSql) {
        Class<?>[] types = target instanceof java.sql.CallableStatement ? new Class<?>[] {java.sql.CallableStatement.class}
                : target instanceof java.sql.PreparedStatement ? new Class<?>[] {java.sql.PreparedStatement.class}
                : new Class<?>[] {Statement.class};
        int[] batched = {0};
        InvocationHandler h = (proxy, method, args) -> {
            String name = method.getName();
            if (name.equals("addBatch")) {
                batched[0]++;
            } else if (name.equals("executeBatch") || name.equals("executeLargeBatch")) {
                sent.add("batch of " + batched[0] + ": " + preparedSql);
                batched[0] = 0;
            } else if (name.startsWith("execute")) {
                sent.add(preparedSql != null ? preparedSql : String.valueOf(args[0]));
            }
            return invoke(target, method, args);
        };
        return (Statement) Proxy.newProxyInstance(Statement.class.getClassLoader(), types, h);
    }

    private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
