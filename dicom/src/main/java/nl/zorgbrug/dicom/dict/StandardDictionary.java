package nl.zorgbrug.dicom.dict;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.data.VR;

/**
 * The standard data dictionary of PS3.6, loaded from a resource that
 * {@code src/main/scripts/gen-dictionary.py} generates from the dictionary Debian's dcmtk ships.
 * Immutable after loading; {@link #get()} gives the one shared instance.
 */
public final class StandardDictionary {
    private static final String RESOURCE = "standard-dictionary.tsv";

    private final Map<Integer, DictionaryEntry> exact;
    /** Repeating groups (50xx, 60xx, 7Fxx) and ranges of elements, matched by mask. */
    private final List<DictionaryEntry> masked;
    private final Map<String, DictionaryEntry> byKeyword;
    /** Attributes whose VR PS3.6 gives as "US or SS" (the resource's seventh column). */
    private final Set<Integer> usOrSs;

    private StandardDictionary(List<DictionaryEntry> entries, Set<Integer> usOrSs) {
        this.usOrSs = Set.copyOf(usOrSs);
        Map<Integer, DictionaryEntry> exactMap = new HashMap<>();
        List<DictionaryEntry> maskedList = new ArrayList<>();
        Map<String, DictionaryEntry> keywordMap = new HashMap<>();
        for (DictionaryEntry e : entries) {
            if (e.mask() == 0xFFFFFFFF) {
                exactMap.put(e.tag(), e);
            } else {
                maskedList.add(e);
            }
            keywordMap.putIfAbsent(e.keyword(), e);
        }
        this.exact = Map.copyOf(exactMap);
        this.masked = List.copyOf(maskedList);
        this.byKeyword = Map.copyOf(keywordMap);
    }

    private static final class Holder {
        static final StandardDictionary INSTANCE = load();
    }

    public static StandardDictionary get() {
        return Holder.INSTANCE;
    }

    private static StandardDictionary load() {
        try (InputStream in = StandardDictionary.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("DICOM dictionary resource " + RESOURCE
                        + " is missing from the classpath; rebuild the dicom module");
            }
            List<DictionaryEntry> entries = new ArrayList<>();
            Set<Integer> usOrSs = new java.util.HashSet<>();
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                String[] c = line.split("\t");
                entries.add(new DictionaryEntry((int) Long.parseLong(c[0], 16), (int) Long.parseLong(c[1], 16),
                        VR.valueOf(c[2]), c[3], c[4], "1".equals(c[5])));
                if (c.length > 6 && "US or SS".equals(c[6])) {
                    usOrSs.add((int) Long.parseLong(c[0], 16));
                }
            }
            return new StandardDictionary(entries, usOrSs);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read DICOM dictionary resource " + RESOURCE, e);
        }
    }

    /** The entry for a tag, including repeating groups; empty for private and unknown tags. */
    public Optional<DictionaryEntry> lookup(int tag) {
        DictionaryEntry e = exact.get(tag);
        if (e != null) {
            return Optional.of(e);
        }
        if (Tag.isPrivate(tag)) {
            return Optional.empty();
        }
        for (DictionaryEntry m : masked) {
            if (m.matches(tag)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    /**
     * The VR a reader assigns in implicit VR (PS3.5 A.1): the dictionary's, LO for private
     * creators (PS3.5 7.8.1), UL for group lengths, UN for everything else.
     */
    public VR vrOf(int tag) {
        if (Tag.isGroupLength(tag)) {
            return VR.UL;
        }
        if (Tag.isPrivateCreator(tag)) {
            return VR.LO;
        }
        return lookup(tag).map(DictionaryEntry::vr).orElse(VR.UN);
    }

    /**
     * True when PS3.6 gives the attribute the VR "US or SS", e.g. Smallest Image Pixel Value (0028,0106):
     * which one depends on the data set, so implicit VR needs {@link #vrOf(int, int)} to tell.
     */
    public boolean isUsOrSs(int tag) {
        return usOrSs.contains(tag);
    }

    /**
     * The VR in implicit VR for a data set whose Pixel Representation (0028,0103) is known (-1 when absent).
     * A "US or SS" attribute holds pixel values, so it is SS when the pixels are two's complement
     * (Pixel Representation 1; PS3.3 C.7.6.1.1 and C.7.6.3, as dcmtk and pydicom decide), otherwise US.
     * LUT descriptors stay US: their first and third values are always unsigned (PS3.3 C.7.6.3.1.5,
     * C.11.1.1), and one element has one VR. Every other tag: {@link #vrOf(int)}.
     */
    public VR vrOf(int tag, int pixelRepresentation) {
        if (pixelRepresentation == 1 && isUsOrSs(tag) && !keywordOf(tag).endsWith("Descriptor")) {
            return VR.SS;
        }
        return vrOf(tag);
    }

    /** The keyword, e.g. "PatientID"; "" for unknown tags, "PrivateCreator" and "GroupLength" by rule. */
    public String keywordOf(int tag) {
        Optional<DictionaryEntry> e = lookup(tag);
        if (e.isPresent()) {
            return e.get().keyword();
        }
        if (Tag.isGroupLength(tag)) {
            return "GroupLength";
        }
        if (Tag.isPrivateCreator(tag)) {
            return "PrivateCreator";
        }
        return "";
    }

    public Optional<DictionaryEntry> byKeyword(String keyword) {
        return Optional.ofNullable(byKeyword.get(keyword));
    }

    public int size() {
        return exact.size() + masked.size();
    }

    public List<DictionaryEntry> repeatingEntries() {
        return Collections.unmodifiableList(masked);
    }
}
