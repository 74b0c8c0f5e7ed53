package nl.zorgbrug.compliance.scan;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.io.Part10Reader;

/**
 * The files a DICOMDIR (PS3.10 8.6, PS3.3 F.3) names: every Directory Record Sequence (0004,1220) item with a
 * Referenced File ID (0004,1500), in record order, its components resolved against the DICOMDIR's folder
 * (PS3.10 8.5: the File ID is relative to the File-set's root, where the DICOMDIR is). The records' own patient
 * keys are not used: they seldom hold the issuer, so each object's header is read as in a folder scan.
 */
public final class Dicomdir implements FileSource {
    private final Path dicomdir;
    private final List<SourceFile> files;

    private Dicomdir(Path dicomdir, List<SourceFile> files) {
        this.dicomdir = dicomdir;
        this.files = List.copyOf(files);
    }

    public static Dicomdir read(Path dicomdir) throws IOException {
        Path file = dicomdir.toAbsolutePath().normalize();
        DataSet ds = Part10Reader.read(file).dataSet();
        List<DataSet> records = ds.getSequence(Tag.DirectoryRecordSequence);
        if (records == null) {
            throw new IOException(file + " is DICOM but no DICOMDIR: it has no Directory Record Sequence (0004,1220)");
        }
        Path root = file.getParent();
        List<SourceFile> files = new ArrayList<>();
        int index = 0;
        for (DataSet record : records) {
            index++;
            String[] id = record.getStrings(Tag.ReferencedFileID);
            if (id == null || id.length == 0) {
                continue;
            }
            String name = String.join("/", id);
            boolean safe = true;
            for (String component : id) {
                // PS3.10 8.2: components are 1-8 characters of A-Z, 0-9 and _; "..", separators or an empty
                // component would reach outside the File-set.
                if (component.isEmpty() || component.equals("..") || component.equals(".") || component.contains("/")
                        || component.contains("\\")) {
                    safe = false;
                }
            }
            if (!safe) {
                files.add(SourceFile.unreachable(name, "directory record " + index + " (0004,1500) Referenced File ID '"
                        + name + "' does not name a file inside the File-set"));
                continue;
            }
            files.add(SourceFile.of(root.resolve(Path.of(id[0], java.util.Arrays.copyOfRange(id, 1, id.length))), name));
        }
        return new Dicomdir(file, files);
    }

    @Override
    public String id() {
        return "DICOMDIR " + dicomdir;
    }

    @Override
    public long count() {
        return files.size();
    }

    @Override
    public Iterator<SourceFile> iterator() {
        return files.iterator();
    }
}
