package nl.zorgbrug.gateway.spool;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The room the node keeps free on every disk it writes to: the spool's and, where the database is a file on this
 * machine (embedded H2), the database's. They may be different file systems, and a full database disk is the
 * worse one: H2 closes the database when a write fails for want of space (issue 15, blocker 4). So the spool
 * refuses a new object while any of them is below its reserve ({@link Spool#receive}), and the node's health
 * reads the same figures.
 */
public final class DiskReserves {
    private final List<DiskReserve> reserves;
    private final FreeSpace freeSpace;

    public DiskReserves(List<DiskReserve> reserves, FreeSpace freeSpace) {
        this.reserves = List.copyOf(reserves);
        this.freeSpace = java.util.Objects.requireNonNull(freeSpace, "freeSpace");
    }

    /** Nothing watched: the spool takes objects until the disk itself is full. */
    public static DiskReserves none() {
        return new DiskReserves(List.of(), FreeSpace.fileStore());
    }

    public List<DiskReserve> reserves() {
        return reserves;
    }

    /** Measures every reserve now. A file system that cannot be measured counts as full (nothing is free there). */
    public List<DiskReserve.Reading> read() {
        List<DiskReserve.Reading> readings = new ArrayList<>(reserves.size());
        for (DiskReserve reserve : reserves) {
            long free;
            try {
                free = freeSpace.usableBytes(reserve.directory());
            } catch (IOException | RuntimeException e) {
                free = 0;
            }
            readings.add(new DiskReserve.Reading(reserve, free));
        }
        return readings;
    }

    /** The first reserve that is not kept, if any: a new object must be refused. */
    public Optional<DiskReserve.Reading> firstLow() {
        return read().stream().filter(DiskReserve.Reading::low).findFirst();
    }
}
