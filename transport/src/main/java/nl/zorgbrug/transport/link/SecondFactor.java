package nl.zorgbrug.transport.link;

import java.io.IOException;

/**
 * How the one-time code reaches the recipient, apart from the link (issue 21: "a one-time code sent separately, second
 * factor: SMS port or a second e-mail"), so that one intercepted message does not open the package. The node has
 * {@link EmailSecondFactor}; an SMS gateway is one more implementation of this port, sending {@link #text} to the
 * recipient's mobile number (not built: no SMS provider is chosen yet).
 */
public interface SecondFactor {

    /** Sends the link's code to its recipient. */
    void sendCode(DownloadLink link, String code) throws IOException;

    /** What the recipient is told with the code, Dutch first. */
    static String text(DownloadLink link, String code) {
        return "Uw eenmalige code voor de downloadlink (" + link.reason() + "): " + code + "\n"
                + "Your one-time code for the download link (" + link.reason() + "): " + code + "\n\n"
                + "De link zelf komt in een aparte e-mail. / The link itself comes in a separate e-mail.\n";
    }
}
