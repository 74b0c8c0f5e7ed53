package nl.zorgbrug.gateway.job;

/**
 * One SOP instance of a job, with what the other side answered: the per-study delivery proof
 * ("sent" and "acknowledged" can be reconciled between two nodes by these UIDs).
 *
 * @param status  the DIMSE status of the last attempt (0x0000 success), -1 when not yet sent, or
 *                {@value #ON_THE_WIRE} while it is being sent and no answer was recorded
 * @param version the version of the instance in the spool that the job sends (issue 15: a corrected object sent
 *                again with the same SOP Instance UID is kept as a later version, and the job's instance points at
 *                it); 1 for the first
 * @param digest  SHA-256 (hex) of that version's data set, which tells a harmless resend from a correction even
 *                after the original left the spool; null for instances recorded before versions existed
 * @param patient the patient that version names, as a {@link PatientKey} (hashed; no identifier in it); null when
 *                not known
 */
public record JobInstance(long jobId, String sopInstanceUid, String sopClassUid, long size, int status,
                          boolean acknowledged, boolean committed, int version, String digest, String patient) {
    /** Not yet sent. */
    public static final int NOT_SENT = -1;
    /** Sent, and no answer recorded: if the attempt broke off, the receiver may or may not hold it. */
    public static final int ON_THE_WIRE = -2;

    /** The first version, its digest not known. */
    public JobInstance(long jobId, String sopInstanceUid, String sopClassUid, long size, int status,
                       boolean acknowledged, boolean committed) {
        this(jobId, sopInstanceUid, sopClassUid, size, status, acknowledged, committed, 1, null, null);
    }

    /**
     * The instance goes onto the wire now. Recorded before it is sent, so that an attempt that breaks off (the
     * connection, or the node killed) leaves a trace of what is in doubt; the answer replaces it.
     */
    public JobInstance onTheWire() {
        return new JobInstance(jobId, sopInstanceUid, sopClassUid, size, ON_THE_WIRE, false, committed, version, digest, patient);
    }

    /** An attempt sent it and broke off before the answer: the receiver may hold it already. */
    public boolean inDoubt() {
        return status == ON_THE_WIRE && !acknowledged;
    }

    public JobInstance answered(int newStatus, boolean success) {
        return new JobInstance(jobId, sopInstanceUid, sopClassUid, size, newStatus, success, committed, version, digest, patient);
    }

    /** The receiver's storage commitment report committed this instance, or said it has not got it. */
    public JobInstance withCommitted(boolean isCommitted) {
        return new JobInstance(jobId, sopInstanceUid, sopClassUid, size, status, acknowledged, isCommitted, version,
                digest, patient);
    }

    /**
     * The same instance in the job, now pointing at a corrected version (issue 15): not yet sent, so it is
     * delivered (again) whatever became of the earlier version.
     */
    public JobInstance corrected(JobInstance newer) {
        return new JobInstance(jobId, sopInstanceUid, newer.sopClassUid() != null ? newer.sopClassUid() : sopClassUid,
                newer.size(), NOT_SENT, false, false, newer.version(), newer.digest(), newer.patient());
    }

    /** This instance as it will be kept in {@code job}. */
    public JobInstance inJob(long job) {
        return new JobInstance(job, sopInstanceUid, sopClassUid, size, status, acknowledged, committed, version, digest,
                patient);
    }

    /**
     * Whether {@code resent} (the same SOP Instance UID arriving again) is another object than this one: its data
     * set differs. A resend whose digest is not known is taken as the same object only when the spool found it
     * byte-identical ({@code spooledAsDuplicate}).
     */
    public boolean differsFrom(JobInstance resent, boolean spooledAsDuplicate) {
        if (digest == null || resent.digest() == null) {
            return !spooledAsDuplicate;
        }
        return !digest.equals(resent.digest());
    }
}
