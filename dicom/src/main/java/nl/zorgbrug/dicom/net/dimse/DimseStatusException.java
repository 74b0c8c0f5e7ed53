package nl.zorgbrug.dicom.net.dimse;

/** Thrown by a service handler to answer with a specific status instead of a generic failure. */
public class DimseStatusException extends Exception {
    private final Status status;

    public DimseStatusException(Status status, String message) {
        super(message);
        this.status = status.errorComment() == null ? status.withComment(message) : status;
    }

    public Status status() {
        return status;
    }
}
