package nl.zorgbrug.app.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
import nl.zorgbrug.registry.consumer.RepositoryAddress;

/**
 * The PACSes the node C-MOVEs from must be DICOM entries of the address book, and C-MOVE needs the node's move
 * destination: checked at start, as the routes' destinations are (RouteDestinationsCheck). A repository with {@code
 * retrieval: C_MOVE} or an own PACS given by {@code zorgbrug.registry.source.pacs.node} without {@code
 * zorgbrug.registry.move-destination.ae-title} stops the start; an entry that the book, once it has entries, lacks or
 * holds without an AE title stops it naming the key; an empty book (a new node) is logged, and the retrieval waits
 * (retried) until the administrator adds the entry.
 */
@Component
class RetrievalNodesCheck implements BeanPostProcessor {
    private static final Logger LOG = LoggerFactory.getLogger(RetrievalNodesCheck.class);

    private final ObjectProvider<RegistryConsumerProperties> consumer;
    private final ObjectProvider<ImagingSourceProperties> source;
    private final ObjectProvider<MoveDestinationProperties> destination;

    RetrievalNodesCheck(ObjectProvider<RegistryConsumerProperties> consumer,
                        ObjectProvider<ImagingSourceProperties> source,
                        ObjectProvider<MoveDestinationProperties> destination) {
        this.consumer = consumer;
        this.source = source;
        this.destination = destination;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof AddressBook book) {
            check(consumer.getObject(), source.getObject(), destination.getObject(), book.all());
        }
        return bean;
    }

    static void check(RegistryConsumerProperties consumer, ImagingSourceProperties source,
                      MoveDestinationProperties destination, List<Institution> book) {
        List<String[]> moveFrom = new ArrayList<>();
        for (int i = 0; i < consumer.repositories().size(); i++) {
            RegistryConsumerProperties.Repository r = consumer.repositories().get(i);
            if (r.retrieval() == RepositoryAddress.Retrieval.C_MOVE) {
                moveFrom.add(new String[] {"zorgbrug.registry.consumer.repositories[" + i + "].institution",
                        r.institution().strip()});
            }
        }
        if (source.node() != null) {
            moveFrom.add(new String[] {"zorgbrug.registry.source.pacs.node", source.node()});
        }
        if (moveFrom.isEmpty()) {
            return;
        }
        if (!destination.configured()) {
            throw new ConfigurationError(MoveDestinationProperties.PREFIX + "ae-title", null, "set when "
                    + moveFrom.get(0)[0] + " names a PACS to C-MOVE from: the node's own AE title (and port) the PACS"
                    + " moves the instances to, which it must list");
        }
        Set<String> keys = new TreeSet<>();
        book.forEach(i -> keys.add(i.key()));
        for (String[] m : moveFrom) {
            Optional<Institution> entry = book.stream().filter(i -> i.key().equals(m[1])).findFirst();
            if (entry.isEmpty() && keys.isEmpty()) {
                LOG.warn("{} = '{}' is not in the address book, which is empty: add the PACS's AE title, host and port"
                        + " in the console (Address book); until then its C-MOVE retrievals are retried", m[0], m[1]);
            } else if (entry.isEmpty()) {
                throw new ConfigurationError(m[0], m[1], "a key of the address book: " + String.join(", ", keys));
            } else if (entry.get().aeTitle() == null || entry.get().aeTitle().isEmpty()) {
                throw new ConfigurationError(m[0], m[1], "an address-book entry with a DICOM AE title, host and port:"
                        + " the PACS to C-MOVE from; '" + m[1] + "' has none");
            }
        }
    }
}
