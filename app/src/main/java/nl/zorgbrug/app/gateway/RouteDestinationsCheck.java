package nl.zorgbrug.app.gateway;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.stereotype.Component;

import nl.zorgbrug.app.node.ConfigurationError;
import nl.zorgbrug.gateway.addressbook.AddressBook;
import nl.zorgbrug.gateway.addressbook.Institution;

/**
 * Every route's destination, and every rule's, must be a key of the address book (issue 15). The book is kept in
 * the database and edited in the console while the node runs, so at start: when it has entries but lacks a
 * destination, the node refuses to start naming the key (a misspelling, or an entry removed); when it is still
 * empty (a new node, whose administrator fills it in the console after the first start), each missing
 * destination is logged and jobs to it wait until the entry exists.
 */
@Component
class RouteDestinationsCheck implements BeanPostProcessor {
    private static final Logger LOG = LoggerFactory.getLogger(RouteDestinationsCheck.class);

    private final ObjectProvider<GatewayProperties> gateway;

    RouteDestinationsCheck(ObjectProvider<GatewayProperties> gateway) {
        this.gateway = gateway;
    }

    /** As soon as the address book is there: before the DICOM listener, which needs it, accepts anything. */
    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof AddressBook book) {
            // The download link's destination (issue 21) and the XDS registry's (issue 20) are channels the book
            // always has, not stored entries: a route may name them, and they do not make an empty book count as
            // filled in.
            Set<String> channels = book instanceof nl.zorgbrug.gateway.addressbook.ChannelAddressBook c
                    ? c.channelKeys() : Set.of();
            check(gateway.getObject(), book.all(), channels);
        }
        return bean;
    }

    static void check(GatewayProperties gateway, List<Institution> book) {
        check(gateway, book, Set.of());
    }

    /** @param channels keys the book always has besides its entries (the download link's destination) */
    static void check(GatewayProperties gateway, List<Institution> book, Set<String> channels) {
        Set<String> keys = new TreeSet<>();
        book.forEach(i -> keys.add(i.key()));
        List<String[]> missing = new ArrayList<>();
        for (int i = 0; i < gateway.routes().size(); i++) {
            GatewayProperties.RouteProperties route = gateway.routes().get(i);
            String key = "zorgbrug.gateway.routes[" + i + "].";
            missing.add(new String[] {key + "destination", route.destination()});
            for (int r = 0; r < route.rules().size(); r++) {
                missing.add(new String[] {key + "rules[" + r + "].destination", route.rules().get(r).destination()});
            }
        }
        missing.removeIf(m -> m[1] != null && (keys.contains(m[1]) || channels.contains(m[1])));
        for (String[] m : missing) {
            if (m[1] == null || !keys.isEmpty()) {
                throw new ConfigurationError(m[0], m[1], keys.isEmpty() ? "the key of an address-book entry"
                        : "a key of the address book: " + String.join(", ", keys));
            }
            LOG.warn("{} = '{}' is not in the address book, which is empty: add the institution in the console"
                    + " (Address book); until then jobs to it wait", m[0], m[1]);
        }
    }
}
