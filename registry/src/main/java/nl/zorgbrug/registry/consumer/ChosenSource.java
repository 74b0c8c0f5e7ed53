package nl.zorgbrug.registry.consumer;

import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

import nl.zorgbrug.dicom.io.DicomFile;

/**
 * The instance source each repository's address chooses (issue 20 part 3: "instances by RAD-69, WADO-RS or C-MOVE,
 * as the address book lists"): {@link RepositoryAddress#retrieval()} picks one of the sources given.
 */
public final class ChosenSource implements StudyImport.InstanceSource {
    private final Function<String, RepositoryAddress> addresses;
    private final Map<RepositoryAddress.Retrieval, StudyImport.InstanceSource> sources;

    public ChosenSource(Function<String, RepositoryAddress> addresses,
                        Map<RepositoryAddress.Retrieval, StudyImport.InstanceSource> sources) {
        this.addresses = Objects.requireNonNull(addresses);
        this.sources = Map.copyOf(sources);
    }

    @Override
    public DicomFile fetch(String repositoryUniqueId, ManifestInstances.Instance instance) throws IOException {
        RepositoryAddress address = addresses.apply(repositoryUniqueId);
        if (address == null) {
            throw new IOException("repository " + repositoryUniqueId + " is not in the address book"
                    + " (zorgbrug.registry.consumer.repositories): where its instances are fetched is not known");
        }
        StudyImport.InstanceSource source = sources.get(address.retrieval());
        if (source == null) {
            throw new IOException("repository " + repositoryUniqueId + " lists retrieval " + address.retrieval()
                    + ", which this node cannot do");
        }
        return source.fetch(repositoryUniqueId, instance);
    }
}
