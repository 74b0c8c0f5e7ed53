package nl.zorgbrug.gateway.send;

import java.util.Optional;

import nl.zorgbrug.gateway.job.Job;

/**
 * A person's "send study X to Y" that cannot go: the own PACS does not have the study, or moved none of it.
 * The message says so in plain words for the person who asked; {@link #job()} is the job that was opened and
 * is now FAILED with that reason, or empty when no job was opened (the PACS said it has no such study).
 */
public final class StudyNotSentException extends RuntimeException {
    private final transient Job job;

    public StudyNotSentException(String message, Job job) {
        super(message);
        this.job = job;
    }

    public Optional<Job> job() {
        return Optional.ofNullable(job);
    }
}
