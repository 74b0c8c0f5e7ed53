package nl.zorgbrug.bsn.mpi;

/** An MPI CSV file that cannot be read; the message names the file, line and column. */
public class MpiFormatException extends IllegalArgumentException {
    public MpiFormatException(String message) {
        super(message);
    }
}
