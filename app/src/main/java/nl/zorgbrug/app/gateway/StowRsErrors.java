package nl.zorgbrug.app.gateway;

import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import nl.zorgbrug.app.web.BodySizeLimit;
import nl.zorgbrug.gateway.inbound.stowrs.MultipartRelated;

/**
 * STOW-RS requests whose body is not what its Content-Type says are the sender's fault: 400 with the reason
 * (PS3.18 10.5.3), never 200 with an empty body nor a 500 (issue 15); a body over the limit is 413.
 */
@RestControllerAdvice(assignableTypes = StowRsController.class)
class StowRsErrors {

    @ExceptionHandler(MultipartRelated.MalformedException.class)
    ResponseEntity<Map<String, String>> malformed(MultipartRelated.MalformedException e) {
        return ResponseEntity.status(HttpStatus.BAD_REQUEST).contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("error", "The body is not multipart/related with application/dicom parts as its"
                        + " Content-Type says: " + e.getMessage() + "."));
    }

    @ExceptionHandler(BodySizeLimit.TooLarge.class)
    ResponseEntity<Map<String, String>> tooLarge(BodySizeLimit.TooLarge e) {
        return ResponseEntity.status(HttpStatus.PAYLOAD_TOO_LARGE).contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("error", "The body is larger than the node accepts for one STOW-RS request"
                        + " (zorgbrug.http.max-stow-body-size)."));
    }
}
