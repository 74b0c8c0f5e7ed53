package nl.zorgbrug.gateway.events;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.Properties;

/**
 * An event as text for the outbox and back: its kind (the record's simple name) and a body of
 * {@code component=value} lines ({@link Properties} syntax, which escapes line breaks). Written from the record's
 * components, so a new event type needs no code here; a component that is null is left out.
 */
public final class EventCodec {
    private EventCodec() {
    }

    public static String kind(GatewayEvent event) {
        return event.getClass().getSimpleName();
    }

    public static String body(GatewayEvent event) {
        Properties values = new Properties();
        for (RecordComponent c : event.getClass().getRecordComponents()) {
            Object value;
            try {
                value = c.getAccessor().invoke(event);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read " + c.getName() + " of " + kind(event), e);
            }
            if (value != null) {
                values.setProperty(c.getName(), value instanceof Enum<?> e ? e.name() : value.toString());
            }
        }
        StringWriter out = new StringWriter();
        try {
            values.store(out, null);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        // Properties.store starts with a date comment: leave it out, the event has its own time.
        return out.toString().lines().filter(l -> !l.startsWith("#")).reduce("", (a, l) -> a + l + "\n");
    }

    /** The event of this kind with these values; an unknown kind (from a newer version) is an error. */
    public static GatewayEvent read(String kind, String body) {
        Class<?> type = null;
        for (Class<?> c : GatewayEvent.class.getPermittedSubclasses()) {
            if (c.getSimpleName().equals(kind)) {
                type = c;
            }
        }
        if (type == null) {
            throw new IllegalArgumentException("unknown gateway event kind '" + kind + "' in the outbox");
        }
        Properties values = new Properties();
        try {
            values.load(new StringReader(body));
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable " + kind + " event in the outbox: " + e.getMessage(), e);
        }
        RecordComponent[] components = type.getRecordComponents();
        Object[] args = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            args[i] = value(types[i], values.getProperty(components[i].getName()));
        }
        try {
            Constructor<?> canonical = type.getDeclaredConstructor(types);
            return (GatewayEvent) canonical.newInstance(args);
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("cannot make a " + kind + " event from the outbox: " + e, e);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object value(Class<?> type, String text) {
        if (text == null) {
            if (type == long.class || type == int.class) {
                return type == long.class ? 0L : 0;
            }
            return type == boolean.class ? false : null;
        }
        if (type == String.class) {
            return text;
        }
        if (type == long.class || type == Long.class) {
            return Long.parseLong(text);
        }
        if (type == int.class) {
            return Integer.parseInt(text);
        }
        if (type == boolean.class) {
            return Boolean.parseBoolean(text);
        }
        if (type == Instant.class) {
            return Instant.parse(text);
        }
        if (type.isEnum()) {
            return Enum.valueOf((Class<Enum>) type, text);
        }
        throw new IllegalArgumentException("an event component of type " + type.getName() + " cannot be kept");
    }
}
