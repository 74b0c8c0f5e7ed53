package nl.zorgbrug.dicom.net.service;

import java.util.Iterator;
import java.util.List;
import java.util.function.Function;

import nl.zorgbrug.dicom.data.DataSet;

/**
 * A C-FIND handler over records held by the caller (for example the image-availability index), with
 * PS3.4 C.2.2.2 matching by {@link AttributeMatcher}. Matches are produced lazily, so a cancel stops
 * the scan. {@code recordsFor} gives the records of the request's level.
 */
public final class InMemoryFindHandler implements CFindHandler {
    private final Function<FindRequest, List<DataSet>> recordsFor;

    public InMemoryFindHandler(Function<FindRequest, List<DataSet>> recordsFor) {
        this.recordsFor = recordsFor;
    }

    @Override
    public Iterator<DataSet> find(FindRequest request, DataSet keys) {
        Iterator<DataSet> records = recordsFor.apply(request).iterator();
        return new Iterator<>() {
            private DataSet next = advance();

            private DataSet advance() {
                while (records.hasNext()) {
                    DataSet r = records.next();
                    if (AttributeMatcher.matches(keys, r)) {
                        return AttributeMatcher.response(keys, r);
                    }
                }
                return null;
            }

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public DataSet next() {
                if (next == null) {
                    throw new java.util.NoSuchElementException();
                }
                DataSet current = next;
                next = advance();
                return current;
            }
        };
    }
}
