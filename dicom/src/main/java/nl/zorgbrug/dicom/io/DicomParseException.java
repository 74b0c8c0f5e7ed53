package nl.zorgbrug.dicom.io;

import java.io.IOException;

/**
 * Input that is not valid DICOM, with where: the source (file name or peer), the byte offset
 * from the start of the source and the path of tags to the element, e.g. "(0040,A730)[2]/(0040,A160)".
 */
public class DicomParseException extends IOException {
    private final String source;
    private final long offset;
    private final String tagPath;

    public DicomParseException(String source, long offset, String tagPath, String problem) {
        super(source + ": " + problem + " at offset " + offset
                + (tagPath == null || tagPath.isEmpty() ? "" : " in " + tagPath));
        this.source = source;
        this.offset = offset;
        this.tagPath = tagPath == null ? "" : tagPath;
    }

    public String source() {
        return source;
    }

    public long offset() {
        return offset;
    }

    public String tagPath() {
        return tagPath;
    }
}
