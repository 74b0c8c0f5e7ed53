package nl.zorgbrug.transport.pkg;

/**
 * What the node takes in one inbound package (issue 21: a ZIP bomb or a 50,000-file ZIP is refused). Checked on the
 * bytes as they are inflated, never on the sizes the ZIP declares, which a hostile ZIP can fake.
 *
 * @param maxEntries    entries in the ZIP, directories included (default 20,000: a large CT study has a few thousand)
 * @param maxEntryBytes one entry unpacked (default 4 GiB)
 * @param maxTotalBytes the package unpacked (default 20 GiB)
 * @param maxRatio      unpacked bytes per compressed byte of an entry larger than 1 MiB unpacked (default 100; real
 *                      DICOM, even with blank pixel data, stays far under what a bomb reaches, thousands)
 */
public record PackageLimits(int maxEntries, long maxEntryBytes, long maxTotalBytes, int maxRatio) {
    /** Below this an entry's ratio is not judged: a small header-only object compresses well and harmlessly. */
    public static final long RATIO_FLOOR = 1 << 20;

    public static PackageLimits defaults() {
        return new PackageLimits(20_000, 4L << 30, 20L << 30, 100);
    }

    public PackageLimits {
        if (maxEntries < 3 || maxEntryBytes <= 0 || maxTotalBytes <= 0 || maxRatio < 2) {
            throw new IllegalArgumentException("package limits: entries at least 3 (DICOMDIR, manifest, one object),"
                    + " sizes positive, ratio at least 2; got entries " + maxEntries + ", entry bytes " + maxEntryBytes
                    + ", total bytes " + maxTotalBytes + ", ratio " + maxRatio);
        }
    }
}
