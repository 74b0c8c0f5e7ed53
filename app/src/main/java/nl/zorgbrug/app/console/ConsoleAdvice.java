package nl.zorgbrug.app.console;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** What every console page needs: the local time format and what the person may do. */
@ControllerAdvice(annotations = Controller.class)
public class ConsoleAdvice {
    private final ConsoleTime time;

    public ConsoleAdvice(ConsoleProperties properties) {
        this.time = new ConsoleTime(properties.timeZone());
    }

    @ModelAttribute("time")
    public ConsoleTime time() {
        return time;
    }

    @ModelAttribute("can")
    public ConsoleUser can(Authentication auth) {
        return ConsoleUser.of(auth);
    }
}
