package nl.zorgbrug.app.link;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import nl.zorgbrug.app.access.NotPatientData;
import nl.zorgbrug.app.access.PatientData;
import nl.zorgbrug.audit.event.EventType;
import nl.zorgbrug.transport.link.LinkDesk;

/**
 * The download page the link in the mail opens (issue 21). It is public — the recipient is no user of the node — and
 * gives nothing without the link's token and its one-time code: the page says only whether the link still works and
 * asks the code; the right code gets the package (ZIP), a wrong one counts towards the lock. No study, patient or
 * sender is shown before the code, so a forwarded or guessed link tells nothing.
 */
@Controller
public class DownloadPage {
    private final LinkDesk desk;

    DownloadPage(LinkDesk desk) {
        this.desk = desk;
    }

    @NotPatientData("asks the code; says only whether the link still works, nothing of the study or the patient")
    @GetMapping("/download/{token}")
    public String page(@PathVariable String token, Model model, HttpServletResponse response) {
        desk.check(token).ifPresent(why -> {
            model.addAttribute("refused", why.name());
            response.setStatus(status(why));
        });
        model.addAttribute("token", token);
        return "download";
    }

    /** The code typed: the package, or the page again saying why not. The link's events write the audit trail. */
    @PatientData(value = EventType.RETRIEVE, recordedByDomain = true)
    @PostMapping("/download/{token}")
    public String download(@PathVariable String token, @RequestParam(required = false) String code,
                           HttpServletRequest request, HttpServletResponse response, Model model) throws IOException {
        LinkDesk.Download d = desk.download(token, code, request.getRemoteAddr());
        if (d instanceof LinkDesk.Download.Granted granted) {
            response.setContentType("application/zip");
            response.setHeader("Content-Disposition", "attachment; filename=\"" + granted.fileName() + "\"");
            response.setHeader("Cache-Control", "no-store");
            response.setContentLengthLong(Files.size(granted.file()));
            try (InputStream in = Files.newInputStream(granted.file())) {
                in.transferTo(response.getOutputStream());
            }
            return null;
        }
        LinkDesk.Download.Refused refused = (LinkDesk.Download.Refused) d;
        response.setStatus(status(refused.why()));
        model.addAttribute("token", token);
        model.addAttribute("refused", refused.why().name());
        model.addAttribute("attemptsLeft", refused.attemptsLeft());
        return "download";
    }

    /** 403 for a wrong code (try again), 404 for no such link, 410 Gone for one that no longer works. */
    private static int status(LinkDesk.Refusal why) {
        return switch (why) {
            case WRONG_CODE -> HttpServletResponse.SC_FORBIDDEN;
            case UNKNOWN -> HttpServletResponse.SC_NOT_FOUND;
            case NOT_READY -> HttpServletResponse.SC_CONFLICT;
            default -> HttpServletResponse.SC_GONE;
        };
    }
}
