package nl.zorgbrug.transport.link;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** The mail with the link, Dutch first, then English: the recipient may be a patient or a clinic abroad. */
final class LinkMessages {
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneId.of("UTC"));

    private LinkMessages() {
    }

    static String subject(String senderName) {
        return "Beeldvorming van " + senderName + " / Images from " + senderName;
    }

    static String body(DownloadLink link, String url, String senderName) {
        String until = DATE.format(link.until());
        String nl = link.once() ? "eenmaal te gebruiken, uiterlijk tot " + until : "te gebruiken tot " + until;
        String en = link.once() ? "works once, until " + until + " at the latest" : "works until " + until;
        return senderName + " stuurt u beeldvorming (" + link.reason() + ").\n"
                + "Download het onderzoek via deze link (" + nl + "):\n\n" + url + "\n\n"
                + "De pagina vraagt een code; die ontvangt u apart.\n\n"
                + "---\n"
                + senderName + " sends you medical images (" + link.reason() + ").\n"
                + "Download the study with this link (" + en + "):\n\n" + url + "\n\n"
                + "The page asks for a code, which you receive separately.\n";
    }
}
