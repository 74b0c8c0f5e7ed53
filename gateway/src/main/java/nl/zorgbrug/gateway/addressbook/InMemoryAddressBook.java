package nl.zorgbrug.gateway.addressbook;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The address book in memory, for tests and trials. */
public final class InMemoryAddressBook implements AddressBook {
    private final Map<String, Institution> entries = new LinkedHashMap<>();

    @Override
    public synchronized List<Institution> all() {
        return new ArrayList<>(entries.values());
    }

    @Override
    public synchronized Optional<Institution> find(String key) {
        return Optional.ofNullable(entries.get(key));
    }

    @Override
    public synchronized Optional<Institution> byAeTitle(String aeTitle) {
        return entries.values().stream().filter(i -> aeTitle.equals(i.aeTitle())).findFirst();
    }

    @Override
    public synchronized void save(Institution institution) {
        entries.put(institution.key(), institution.validated());
    }

    @Override
    public synchronized void replaceAll(List<Institution> institutions) {
        List<Institution> valid = institutions.stream().map(Institution::validated).toList();
        entries.clear();
        valid.forEach(i -> entries.put(i.key(), i));
    }

    @Override
    public synchronized boolean remove(String key) {
        return entries.remove(key) != null;
    }
}
