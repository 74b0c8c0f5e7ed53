package nl.zorgbrug.gateway.events;

import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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

    /** Between the kinds of events kept together in one row ({@link EventOutbox#append(List)}). */
    private static final char KINDS_JOINED = '+';
    /**
     * Between their bodies: a line of its own that no body has (a body's lines start with a record component's name;
     * its line breaks are escaped).
     */
    private static final String BODIES_JOINED = "--\n";

    /** The kind of events kept together: their kinds, joined by {@code +} ("ObjectReceived+JoinedJob"). */
    public static String kind(List<GatewayEvent> together) {
        StringBuilder out = new StringBuilder(32);
        for (GatewayEvent e : together) {
            if (out.length() > 0) {
                out.append(KINDS_JOINED);
            }
            out.append(kind(e));
        }
        return out.toString();
    }

    /** The body of events kept together: their bodies in order, a line {@code --} between two. */
    public static String body(List<GatewayEvent> together) {
        StringBuilder out = new StringBuilder(512);
        for (int i = 0; i < together.size(); i++) {
            if (i > 0) {
                out.append(BODIES_JOINED);
            }
            out.append(body(together.get(i)));
        }
        return out.toString();
    }

    /**
     * The events of one outbox row, in the order they were kept: one for a row of one event (every row written before
     * issue 17's change), several for a row of events kept together ({@link #kind(List)}, {@link #body(List)}).
     */
    public static List<GatewayEvent> readAll(String kind, String body) {
        if (kind.indexOf(KINDS_JOINED) < 0) {
            return List.of(read(kind, body));
        }
        String[] kinds = kind.split("\\" + KINDS_JOINED);
        List<GatewayEvent> out = new ArrayList<>(kinds.length);
        int from = 0;
        for (int i = 0; i < kinds.length; i++) {
            int to = body.length();
            if (i < kinds.length - 1) {
                to = separator(body, from);
                if (to < 0) {
                    throw new IllegalArgumentException("unreadable " + kind + " events in the outbox: the body has "
                            + "fewer parts than the kind names");
                }
            }
            out.add(read(kinds[i], body.substring(from, to)));
            from = to + BODIES_JOINED.length();
        }
        return out;
    }

    /** Where the next {@code --} line starts at or after {@code from}, at the start of a line; -1 if none. */
    private static int separator(String body, int from) {
        for (int at = body.indexOf(BODIES_JOINED, from); at >= 0; at = body.indexOf(BODIES_JOINED, at + 1)) {
            if (at == from || body.charAt(at - 1) == '\n') {
                return at;
            }
        }
        return -1;
    }

    /**
     * The body: one {@code name=value} line per component that is not null, escaped as {@link Properties#store}
     * escapes for a {@link java.io.Writer} (so {@link Properties#load} reads it back), written directly: on the
     * receiving thread, in the receive's transaction, for every object (issue 17, the audit cost per image; a
     * {@code Properties} and its date comment per event cost about 28 KB and 12 µs).
     */
    public static String body(GatewayEvent event) {
        Kind kind = KINDS.get(event.getClass());
        StringBuilder out = new StringBuilder(256);
        for (int i = 0; i < kind.components.length; i++) {
            Object value;
            try {
                value = kind.accessors[i].invoke(event);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read " + kind.components[i].getName() + " of " + kind(event), e);
            }
            if (value != null) {
                escape(out, kind.components[i].getName(), true);
                out.append('=');
                escape(out, value instanceof Enum<?> e ? e.name() : value.toString(), false);
                out.append('\n');
            }
        }
        return out.toString();
    }

    /** As {@code Properties.saveConvert} with {@code escUnicode} false (what {@code store(Writer)} writes). */
    private static void escape(StringBuilder out, String text, boolean key) {
        for (int x = 0; x < text.length(); x++) {
            char c = text.charAt(x);
            switch (c) {
                case ' ' -> out.append(x == 0 || key ? "\\ " : " ");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\f' -> out.append("\\f");
                case '\\' -> out.append("\\\\");
                case '=', ':', '#', '!' -> out.append('\\').append(c);
                default -> out.append(c);
            }
        }
    }

    /** A kind's components, accessors and canonical constructor, looked up once per class instead of per event. */
    private record Kind(RecordComponent[] components, java.lang.reflect.Method[] accessors, Constructor<?> canonical) {
        static Kind of(Class<?> type) {
            RecordComponent[] components = type.getRecordComponents();
            java.lang.reflect.Method[] accessors = new java.lang.reflect.Method[components.length];
            Class<?>[] types = new Class<?>[components.length];
            for (int i = 0; i < components.length; i++) {
                accessors[i] = components[i].getAccessor();
                types[i] = components[i].getType();
            }
            try {
                return new Kind(components, accessors, type.getDeclaredConstructor(types));
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException("event " + type.getSimpleName() + " has no canonical constructor", e);
            }
        }
    }

    private static final ClassValue<Kind> KINDS = new ClassValue<>() {
        @Override
        protected Kind computeValue(Class<?> type) {
            return Kind.of(type);
        }
    };

    /** The event classes by kind (simple name), once. */
    private static final java.util.Map<String, Class<?>> BY_KIND = byKind();

    private static java.util.Map<String, Class<?>> byKind() {
        java.util.Map<String, Class<?>> out = new java.util.HashMap<>();
        for (Class<?> c : GatewayEvent.class.getPermittedSubclasses()) {
            out.put(c.getSimpleName(), c);
        }
        return java.util.Map.copyOf(out);
    }

    /**
     * The event of this kind with these values; an unknown kind (from a newer version) is an error. The body is read
     * as {@link Properties#load} reads it ({@link PropertiesText}, without its 8 KB line buffer per call: on the audit
     * pump for every event, issue 17), so rows {@code Properties.store} wrote, with their date comment, still read.
     */
    public static GatewayEvent read(String kind, String body) {
        Class<?> type = BY_KIND.get(kind);
        if (type == null) {
            throw new IllegalArgumentException("unknown gateway event kind '" + kind + "' in the outbox");
        }
        java.util.Map<String, String> values;
        try {
            values = PropertiesText.read(body);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unreadable " + kind + " event in the outbox: " + e.getMessage(), e);
        }
        Kind k = KINDS.get(type);
        Object[] args = new Object[k.components.length];
        for (int i = 0; i < args.length; i++) {
            args[i] = value(k.components[i].getType(), values.get(k.components[i].getName()));
        }
        try {
            return (GatewayEvent) k.canonical.newInstance(args);
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
