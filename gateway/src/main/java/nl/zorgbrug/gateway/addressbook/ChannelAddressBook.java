package nl.zorgbrug.gateway.addressbook;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The node's address book with one entry more: the destination of a channel that is no institution anyone keeps (the
 * download link of issue 21, the XDS registry a study is registered with in issue 20), which a route names so the job
 * runner hands that route's jobs to the channel's transport (by the entry's {@link PluggedEndpoint}). It is not stored
 * nor listed ({@link #all} is the stored book): {@link #find} always has it, and a stored entry of the same key is
 * refused, since the channel would shadow it. Books of this kind nest, one channel each.
 */
public class ChannelAddressBook implements AddressBook {
    /**
     * A channel's destination and the setting that names its key: what a module gives the node to add to its book.
     */
    public record Channel(Institution destination, String setting) {
    }

    private final AddressBook stored;
    private final Institution channel;
    private final String setting;

    /**
     * @param channel the channel's destination: its key is what routes name
     * @param setting the setting that names the key, for the refusal of an entry with it
     */
    public ChannelAddressBook(AddressBook stored, Institution channel, String setting) {
        this.stored = stored;
        this.channel = channel;
        this.setting = setting;
    }

    public ChannelAddressBook(AddressBook stored, Channel channel) {
        this(stored, channel.destination(), channel.setting());
    }

    public String key() {
        return channel.key();
    }

    /** The channel's destination, for checks that every route's destination exists. */
    public Institution channel() {
        return channel;
    }

    /** The keys of this channel and of every channel in the books it wraps. */
    public Set<String> channelKeys() {
        Set<String> keys = new LinkedHashSet<>();
        keys.add(channel.key());
        if (stored instanceof ChannelAddressBook inner) {
            keys.addAll(inner.channelKeys());
        }
        return keys;
    }

    /** The stored entries: a channel's destination is not an entry to list, export or import. */
    @Override
    public List<Institution> all() {
        return stored.all();
    }

    @Override
    public Optional<Institution> find(String key) {
        return channel.key().equals(key) ? Optional.of(channel) : stored.find(key);
    }

    @Override
    public Optional<Institution> byAeTitle(String aeTitle) {
        return stored.byAeTitle(aeTitle);
    }

    @Override
    public void save(Institution institution) {
        refuseOwnKey(institution.key());
        stored.save(institution);
    }

    @Override
    public boolean remove(String key) {
        refuseOwnKey(key);
        return stored.remove(key);
    }

    @Override
    public void replaceAll(List<Institution> institutions) {
        institutions.forEach(i -> refuseOwnKey(i.key()));
        stored.replaceAll(new ArrayList<>(institutions));
    }

    private void refuseOwnKey(String key) {
        if (channel.key().equals(key)) {
            throw new IllegalArgumentException("key '" + key + "' is the destination of " + channel.name() + " ("
                    + setting + "), not an institution; choose another key");
        }
    }
}
