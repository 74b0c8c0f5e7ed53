package nl.zorgbrug.gateway.addressbook;

import java.util.List;

/**
 * The extension point for channels outside the gateway module (SFTP, a download link): a module implements
 * this with its own record, and registers a transport for that record's type. The sealed {@link Endpoint}
 * cannot name types in modules that depend on the gateway; this non-sealed branch takes them.
 */
public non-sealed interface PluggedEndpoint extends Endpoint {

    @Override
    default List<String> problems() {
        return List.of();
    }
}
