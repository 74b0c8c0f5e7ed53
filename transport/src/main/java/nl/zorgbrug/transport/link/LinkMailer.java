package nl.zorgbrug.transport.link;

import java.io.IOException;

/** Sends one plain-text e-mail: SMTP with STARTTLS in the node (app), a recorder in tests. */
public interface LinkMailer {

    /**
     * @throws IOException when the mail server did not take it (the message says which server and why); the link's
     *                     job fails with it and is retried
     */
    void send(String to, String subject, String text) throws IOException;
}
