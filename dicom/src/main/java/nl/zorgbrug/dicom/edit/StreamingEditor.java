package nl.zorgbrug.dicom.edit;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.function.Function;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.encoding.TransferSyntax;
import nl.zorgbrug.dicom.io.DicomInput;
import nl.zorgbrug.dicom.io.DicomReader;
import nl.zorgbrug.dicom.io.DicomWriter;
import nl.zorgbrug.dicom.io.Part10Reader;
import nl.zorgbrug.dicom.io.Part10Writer;

/**
 * Rewrites selected top-level attributes while the object streams from input to output.
 *
 * <p>Only the head of the data set is decoded: every top-level element before group 0401, which
 * covers the Patient module (group 0010) and the Original Attributes Sequence (0400,0561).
 * A planner looks at that head and returns {@link Edit}s; the edited head is encoded again and
 * everything after it (Pixel Data included) is copied as raw bytes, its structure checked on the
 * way (so a truncated or damaged object fails here, with offset and tag) but no value held. Memory
 * therefore follows the size of the header, never that of the file. Data set group lengths
 * (gggg,0000) of the head that the sender included are kept and written with their group's new
 * length ({@link DicomWriter}); every group of the head lies wholly in the head, so each can be counted.
 */
public final class StreamingEditor {
    /** First tag not in the editable head: group 0401. */
    public static final long HEAD_END = 0x04010000L;

    /** What an edit did: the head as it was read, the edits applied and the bytes copied after the head. */
    public record Result(DataSet originalHead, List<Edit> edits, long bytesCopied) {
    }

    private StreamingEditor() {
    }

    /**
     * Edits a PS3.10 file into a new file. The output is written to a temporary file, forced to disk
     * and renamed, so target either holds the whole edited object or is untouched. The input is
     * never modified.
     */
    public static Result edit(Path source, Path target, Function<DataSet, List<Edit>> planner) throws IOException {
        return edit(source, target, planner, true);
    }

    /**
     * As {@link #edit(Path, Path, Function)}; with {@code durable} false the output is not forced to disk
     * before the rename, for work files that a crash may lose (they are made again from the original).
     */
    public static Result edit(Path source, Path target, Function<DataSet, List<Edit>> planner, boolean durable)
            throws IOException {
        if (Files.exists(target) && Files.isSameFile(source, target)) {
            throw new IllegalArgumentException("streaming edit of " + source + " onto itself; write to another file");
        }
        Path tmp = target.resolveSibling(target.getFileName() + ".part");
        Result result;
        try (InputStream in = Files.newInputStream(source);
             OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 256 * 1024)) {
            result = editPart10(in, source.toString(), Files.size(source), out, planner);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        if (durable) {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return result;
    }

    /** Edits a PS3.10 stream; the file meta is copied unchanged (its group length recomputed). */
    public static Result editPart10(InputStream in, String source, long length, OutputStream out,
                                    Function<DataSet, List<Edit>> planner) throws IOException {
        Part10Reader.Opened opened = Part10Reader.open(in, source, length);
        Part10Writer.writePreambleAndMeta(opened.preamble(), opened.fileMeta(), out);
        return editDataSet(opened.input(), opened.transferSyntax(), out, planner);
    }

    /**
     * Edits the data set of an opened PS3.10 file into {@code out}, without its preamble and File Meta
     * Information: what a C-STORE request carries (PS3.7 9.3.1.1), so a spooled object can be edited
     * straight onto the network with no work file in between.
     */
    public static Result editDataSet(Part10Reader.Opened opened, OutputStream out, Function<DataSet, List<Edit>> planner)
            throws IOException {
        return editDataSet(opened.input(), opened.transferSyntax(), out, planner);
    }

    /** Edits a bare data set (e.g. the data of a C-STORE request) in a known transfer syntax. */
    public static Result editDataSet(InputStream in, String source, TransferSyntax ts, OutputStream out,
                                     Function<DataSet, List<Edit>> planner) throws IOException {
        return editDataSet(new DicomInput(in, source, 0, -1), ts, out, planner);
    }

    private static Result editDataSet(DicomInput input, TransferSyntax ts, OutputStream out,
                                      Function<DataSet, List<Edit>> planner) throws IOException {
        if (ts.deflated()) {
            Inflater inflater = new Inflater(true);
            Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
            try {
                DicomInput inflated = new DicomInput(
                        new InflaterInputStream(input.asInputStream(), inflater, 64 * 1024),
                        input.source() + " (inflated data set)", 0, -1);
                DeflaterOutputStream deflated = new DeflaterOutputStream(out, deflater, 64 * 1024);
                Result r = editPlain(inflated, ts, deflated, planner);
                deflated.finish();
                nl.zorgbrug.dicom.io.Part10Writer.padDeflated(deflater, out);
                return r;
            } finally {
                inflater.end();
                deflater.end();
            }
        }
        return editPlain(input, ts, out, planner);
    }

    private static Result editPlain(DicomInput input, TransferSyntax ts, OutputStream out,
                                    Function<DataSet, List<Edit>> planner) throws IOException {
        DicomReader reader = new DicomReader(input);
        DataSet head = reader.readDataSet(ts, HEAD_END);
        DataSet original = head.copy();
        List<Edit> edits = List.copyOf(planner.apply(original.copy()));
        if (!edits.isEmpty()) {
            apply(head, edits);
        }
        new DicomWriter(out).writeDataSet(head, ts);
        long copied = reader.copyDataSet(ts, out);
        out.flush();
        return new Result(original, edits, copied);
    }

    /** Applies edits to a head in memory; also used by tests and by the in-memory model. */
    public static void apply(DataSet head, List<Edit> edits) {
        for (Edit edit : edits) {
            if (Integer.toUnsignedLong(edit.tag()) >= HEAD_END) {
                throw new IllegalArgumentException("edit of " + Tag.toString(edit.tag())
                        + " is outside the editable head (tags before (0401,0000)); the streaming editor copies those unparsed");
            }
        }
        for (Edit edit : edits) {
            if (edit instanceof Edit.Put put) {
                head.put(put.element());
            } else {
                head.remove(edit.tag());
            }
        }
    }
}
