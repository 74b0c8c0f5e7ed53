package nl.zorgbrug.gateway.delivery;

import nl.zorgbrug.gateway.addressbook.Endpoint;

/**
 * One channel to a receiver: C-STORE ({@link CStoreTransport}), STOW-RS ({@link StowRsTransport}), and in
 * modules downstream of the gateway SFTP or a download link. {@link JobDelivery} owns the job's life cycle
 * and hands a transport a {@link Shipment}; the transport sends what the shipment gives it, records each
 * answer through it at once, and returns how it ended. It never changes the job's state itself.
 *
 * <p>A new channel is one class implementing this, registered in {@link Transports} for its endpoint type
 * (for a channel outside the gateway, a {@link nl.zorgbrug.gateway.addressbook.PluggedEndpoint}).
 *
 * @param <E> the endpoint type this transport serves
 */
public interface Transport<E extends Endpoint> {

    /** The endpoints this transport serves; {@link Transports} chooses by it. */
    Class<E> endpointType();

    /** The channel a job delivered by this transport shows in the job manager (issue 21). */
    nl.zorgbrug.gateway.job.Channel channel();

    /**
     * Sends the shipment's instances to {@code to}.
     *
     * @throws java.io.IOException  the attempt broke off (connection, I/O): a transient failure
     * @throws InterruptedException the node is stopping
     */
    Outcome send(Shipment shipment, E to) throws java.io.IOException, InterruptedException;
}
