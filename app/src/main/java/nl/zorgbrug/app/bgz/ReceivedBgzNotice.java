package nl.zorgbrug.app.bgz;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

import nl.zorgbrug.app.console.ConsoleUser;
import nl.zorgbrug.bgz.receive.ReceivedBgzStore;

/**
 * The department's notice of received BgZs (issue 19, "Receiving a Task or a BgZ notifies the configured
 * department"): every console page of a person who may open them shows how many nobody has opened yet.
 */
@ControllerAdvice(annotations = Controller.class)
public class ReceivedBgzNotice {
    private final ReceivedBgzStore store;

    public ReceivedBgzNotice(ReceivedBgzStore store) {
        this.store = store;
    }

    @ModelAttribute("bgzUnseen")
    public Integer unseen(Authentication auth) {
        return auth != null && ConsoleUser.of(auth).may("/bgz/received") ? store.unseen() : null;
    }
}
