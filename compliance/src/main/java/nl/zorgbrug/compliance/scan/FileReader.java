package nl.zorgbrug.compliance.scan;

import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import nl.zorgbrug.compliance.tally.ObjectResult;
import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.io.DicomParseException;
import nl.zorgbrug.dicom.io.NotDicomException;
import nl.zorgbrug.dicom.io.Part10Reader;

/**
 * Reads what the verdict needs from one PS3.10 file and classifies it; never throws for bad input, which becomes an
 * {@link ObjectResult.Unreadable} with the reason (issue 18: unreadable files are counted, the scan goes on).
 *
 * <p>The fastest header-only path of our toolkit: {@link Part10Reader#read} with a stop tag, which leaves the rest of
 * the file unread. Everything the classifier and the export swap look at lies in groups 0008 and 0010 and in Study
 * Instance UID (0020,000D), and a data set is in ascending tag order (PS3.5 7.1), so we stop before (0020,000E)
 * Series Instance UID: a few KiB at most, one read of the file's first block, rather than everything up to Pixel Data
 * (which for enhanced multi-frame objects can be megabytes of functional groups). The size comes from the open
 * channel (fstat), not a second look-up by name.
 */
public final class FileReader {
    /** Stop before (0020,000E): after (0020,000D), the last element the verdict needs. */
    static final long STOP_BEFORE = Integer.toUnsignedLong(Tag.SeriesInstanceUID);

    private final HeaderClassifier classifier;

    public FileReader(HeaderClassifier classifier) {
        this.classifier = classifier;
    }

    /** {@code source} is how the file is named in results (its path relative to the scanned folder). */
    public ObjectResult read(Path file, String source) {
        DataSet header;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            header = Part10Reader.read(Channels.newInputStream(ch), source, ch.size(), STOP_BEFORE).dataSet();
        } catch (NotDicomException e) {
            return new ObjectResult.Unreadable(source, "not DICOM: " + e.getMessage());
        } catch (DicomParseException e) {
            return new ObjectResult.Unreadable(source, "damaged DICOM: " + e.getMessage());
        } catch (NoSuchFileException e) {
            return new ObjectResult.Unreadable(source, "no such file (removed during the scan, or named by a DICOMDIR but absent)");
        } catch (IOException e) {
            return new ObjectResult.Unreadable(source, "cannot read: " + e);
        } catch (RuntimeException e) {
            // Hostile input the parser did not foresee still must not stop a scan of millions of files.
            return new ObjectResult.Unreadable(source, "cannot parse: " + e);
        }
        try {
            return classifier.classify(source, header);
        } catch (RuntimeException e) {
            return new ObjectResult.Unreadable(source, "cannot classify: " + e);
        }
    }
}
