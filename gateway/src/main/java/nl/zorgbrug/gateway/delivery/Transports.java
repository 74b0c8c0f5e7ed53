package nl.zorgbrug.gateway.delivery;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import nl.zorgbrug.gateway.addressbook.Endpoint;

/**
 * The transports this node has, chosen by the endpoint's type: registered, not fixed slots, so a module
 * adds its channel by registering one more (the first registered for a type wins).
 */
public final class Transports {
    private final List<Transport<?>> registered;

    private Transports(List<Transport<?>> registered) {
        this.registered = List.copyOf(registered);
    }

    public static Transports of(Transport<?>... transports) {
        return new Transports(List.of(transports));
    }

    /** These and {@code more}, which come after them. */
    public Transports with(Transport<?> more) {
        List<Transport<?>> all = new ArrayList<>(registered);
        all.add(more);
        return new Transports(all);
    }

    /** The transport for this endpoint's type, if this node has one. */
    public Optional<Transport<?>> forEndpoint(Endpoint endpoint) {
        return registered.stream().filter(t -> t.endpointType().isInstance(endpoint)).findFirst();
    }

    /** Sends through {@code transport}, which serves {@code to}'s type ({@link #forEndpoint}). */
    static <E extends Endpoint> Outcome send(Transport<E> transport, Shipment shipment, Endpoint to)
            throws IOException, InterruptedException {
        return transport.send(shipment, transport.endpointType().cast(to));
    }
}
