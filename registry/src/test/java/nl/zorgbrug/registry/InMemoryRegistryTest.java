package nl.zorgbrug.registry;

import nl.zorgbrug.registry.store.InMemoryMetadataStore;
import nl.zorgbrug.registry.store.MetadataStore;

/** The registry's rules on the in-memory store. */
class InMemoryRegistryTest extends RegistryContract {
    @Override
    protected MetadataStore newStore() {
        return new InMemoryMetadataStore();
    }
}
