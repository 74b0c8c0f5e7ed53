package nl.zorgbrug.transport.link;

import java.io.IOException;

/** The code in a second e-mail of its own, to the same address: the node's default second factor. */
public final class EmailSecondFactor implements SecondFactor {
    private final LinkMailer mailer;

    public EmailSecondFactor(LinkMailer mailer) {
        this.mailer = mailer;
    }

    @Override
    public void sendCode(DownloadLink link, String code) throws IOException {
        mailer.send(link.recipient(), "Code bij uw downloadlink / Code for your download link",
                SecondFactor.text(link, code));
    }
}
