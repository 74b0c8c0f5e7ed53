package nl.zorgbrug.app.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

import nl.zorgbrug.gateway.job.Direction;
import nl.zorgbrug.gateway.job.Job;
import nl.zorgbrug.gateway.send.StudyNotSentException;

/** "Send a study" that cannot go answers 4xx with the reason, never 500 (issue 15). */
class SendAnswerTest {
    final JobsController controller = new JobsController(null, null, null, null, null, null, null);

    @Test
    void aStudyThePacsDoesNotHaveIs404WithTheReasonAndNoJob() {
        var answer = controller.notSent(new StudyNotSentException("the own PACS PACS1 does not have study 2.25.1", null));
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(answer.getBody()).containsEntry("error", "the own PACS PACS1 does not have study 2.25.1")
                .doesNotContainKey("job");
    }

    @Test
    void aStudyThePacsMovedNoneOfIs422WithTheFailedJob() {
        Job failed = Job.open("2.25.1", "umcx", Direction.EXPORT, null, null, null, Instant.EPOCH);
        var answer = controller.notSent(new StudyNotSentException("the own PACS PACS1 sent none of study 2.25.1", failed));
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
        assertThat(answer.getBody()).containsEntry("job", failed);
    }
}
