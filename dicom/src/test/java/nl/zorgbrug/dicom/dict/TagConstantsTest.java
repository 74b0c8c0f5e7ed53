package nl.zorgbrug.dicom.dict;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import nl.zorgbrug.dicom.data.Tag;

/**
 * {@link Tag} is generated from the dictionary resource by {@code gen-tag.py}; this test keeps
 * the two in step, so a hand edit of either, or a regenerated dictionary without a regenerated
 * Tag, fails the build.
 */
class TagConstantsTest {
    /** PS3.5 7.5: not data elements, so not in the dictionary; the reader handles them by rule. */
    private static final List<String> ITEM_TAGS = List.of("Item", "ItemDelimitationItem", "SequenceDelimitationItem");

    private final StandardDictionary dict = StandardDictionary.get();

    private static Map<String, Integer> constants() {
        return Arrays.stream(Tag.class.getDeclaredFields())
                .filter(f -> Modifier.isStatic(f.getModifiers()) && f.getType() == int.class)
                .collect(Collectors.toMap(Field::getName, TagConstantsTest::value));
    }

    private static int value(Field f) {
        try {
            return f.getInt(null);
        } catch (IllegalAccessException e) {
            throw new AssertionError(f.getName() + " of Tag is not public", e);
        }
    }

    @Test
    void everyConstantIsTheDictionaryEntryOfItsKeyword() {
        constants().forEach((keyword, tag) -> {
            if (ITEM_TAGS.contains(keyword)) {
                assertThat(Tag.group(tag)).as(keyword).isEqualTo(0xFFFE);
                return;
            }
            assertThat(dict.byKeyword(keyword)).as(keyword).hasValueSatisfying(
                    e -> assertThat(e.tag()).as(keyword + " " + Tag.toString(tag)).isEqualTo(tag));
        });
    }

    @Test
    void everyDictionaryEntryHasAConstant() {
        // Keywords are unique, so equal counts plus the test above make a one-to-one match.
        assertThat(constants()).hasSize(dict.size() + ITEM_TAGS.size());
    }

    @Test
    void repeatingGroupsAreNamedByTheirFirstGroup() {
        assertThat(Tag.OverlayRows).isEqualTo(0x60000010);
        assertThat(dict.keywordOf(Tag.OverlayRows + (0x1E << 16))).isEqualTo("OverlayRows");
    }
}
