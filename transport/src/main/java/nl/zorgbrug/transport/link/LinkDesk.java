package nl.zorgbrug.transport.link;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What people do with download links (issue 21): a person orders one and revokes one; the recipient opens the page,
 * types the code and downloads; the node purges what can no longer be downloaded. The methods that change a link are
 * synchronized: one node has one desk, so two downloads of a once-link or two wrong codes cannot interleave.
 */
public final class LinkDesk {
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    private final LinkStore store;
    private final Settings settings;
    private final LinkEvents events;
    private final Clock clock;

    /**
     * @param packagesDir     where {@link LinkTransport} stores the packages
     * @param maxAttempts     wrong codes after which a link is locked
     * @param defaultValidity how long a link works when the order names no date
     * @param maxValidity     the latest date an order may name, from now
     */
    public record Settings(Path packagesDir, int maxAttempts, Duration defaultValidity, Duration maxValidity) {
    }

    public LinkDesk(LinkStore store, Settings settings, LinkEvents events, Clock clock) {
        this.store = store;
        this.settings = settings;
        this.events = events;
        this.clock = clock;
    }

    /** A person's order: which study, to whom, why, and how the link works. */
    public record Order(String studyInstanceUid, String recipient, String institution, String reason, boolean swap,
                        boolean once, Instant until) {
    }

    /**
     * Records the order; the study is packed and mailed when it comes through the link route.
     *
     * @throws IllegalArgumentException naming each field that is wrong
     */
    public synchronized DownloadLink order(Order order, String user) {
        Instant now = clock.instant();
        Instant until = order.until() == null ? now.plus(settings.defaultValidity()) : order.until();
        StringBuilder problems = new StringBuilder();
        if (order.studyInstanceUid() == null || !order.studyInstanceUid().matches("[0-9]+(\\.[0-9]+)*")
                || order.studyInstanceUid().length() > 64) {
            problems.append("studyInstanceUid: a DICOM UID (digits and dots, at most 64); ");
        }
        if (order.recipient() == null || !EMAIL.matcher(order.recipient().strip()).matches()
                || order.recipient().length() > 254) {
            problems.append("recipient: an e-mail address; ");
        }
        if (order.reason() == null || order.reason().isBlank()) {
            problems.append("reason: why the study is sent (told to the recipient, kept in the audit trail); ");
        }
        if (!until.isAfter(now) || until.isAfter(now.plus(settings.maxValidity()))) {
            problems.append("until: after now and at most " + settings.maxValidity().toDays() + " days ahead; ");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("download link not ordered: " + problems.toString().replaceAll("; $", ""));
        }
        DownloadLink saved = store.save(DownloadLink.order(order.studyInstanceUid(), order.recipient().strip(),
                order.institution(), order.reason().strip(), order.swap(), order.once(), until, user, now));
        events.ordered(saved);
        return saved;
    }

    /** Why a download is refused. */
    public enum Refusal {
        /** No link has this token (never made, or mistyped). */
        UNKNOWN,
        /** Ordered, not yet mailed. */
        NOT_READY,
        /** A once-link already downloaded. */
        USED,
        REVOKED,
        EXPIRED,
        /** Too many wrong codes. */
        LOCKED,
        /** The code typed is not the link's. */
        WRONG_CODE
    }

    /** What the download page gets. */
    public sealed interface Download {
        /** The code was right: the package to serve. */
        record Granted(DownloadLink link, Path file, String fileName) implements Download {
        }

        /** Refused, with how many codes may still be tried (0 when none). */
        record Refused(Refusal why, int attemptsLeft) implements Download {
        }
    }

    /**
     * Why the link behind a token cannot be downloaded now (UNKNOWN when no link has it), for the page before the code
     * is asked; empty when it can.
     */
    public synchronized Optional<Refusal> check(String token) {
        Optional<DownloadLink> link = byToken(token);
        return link.isEmpty() ? Optional.of(Refusal.UNKNOWN) : refusal(link.get());
    }

    /**
     * The recipient typed a code. The right one gives the package (and uses up a once-link); a wrong one counts, and
     * the last allowed wrong one locks the link. Each outcome is told to the events (the audit trail).
     */
    public synchronized Download download(String token, String code, String from) {
        Optional<DownloadLink> found = byToken(token);
        if (found.isEmpty()) {
            events.refused(null, from, "no link with this token");
            return new Download.Refused(Refusal.UNKNOWN, 0);
        }
        DownloadLink link = found.get();
        Optional<Refusal> refused = refusal(link);
        if (refused.isPresent()) {
            events.refused(link, from, refused.get().name());
            return new Download.Refused(refused.get(), 0);
        }
        if (!Secrets.codeMatches(link, code)) {
            DownloadLink counted = link.withFailedAttempt();
            boolean locks = counted.failedAttempts() >= settings.maxAttempts();
            store.save(locks ? counted.withState(LinkState.LOCKED) : counted);
            events.refused(counted, from, "wrong code, attempt " + counted.failedAttempts() + " of "
                    + settings.maxAttempts() + (locks ? ": locked" : ""));
            return new Download.Refused(locks ? Refusal.LOCKED : Refusal.WRONG_CODE,
                    settings.maxAttempts() - counted.failedAttempts());
        }
        DownloadLink downloaded = link.withDownload();
        store.save(link.once() ? downloaded.withState(LinkState.USED) : downloaded);
        events.downloaded(downloaded, from);
        return new Download.Granted(downloaded, settings.packagesDir().resolve(link.packageFile()),
                "study-" + link.id() + ".zip");
    }

    /** Why this link cannot be downloaded now, if it cannot. */
    private Optional<Refusal> refusal(DownloadLink link) {
        return switch (link.state()) {
            case ORDERED -> Optional.of(Refusal.NOT_READY);
            case USED -> Optional.of(Refusal.USED);
            case REVOKED -> Optional.of(Refusal.REVOKED);
            case LOCKED -> Optional.of(Refusal.LOCKED);
            case EXPIRED -> Optional.of(Refusal.EXPIRED);
            case ACTIVE -> link.expiredAt(clock.instant()) || link.packageFile() == null
                    ? Optional.of(Refusal.EXPIRED) : Optional.empty();
        };
    }

    private Optional<DownloadLink> byToken(String token) {
        return Secrets.wellFormedToken(token) ? store.byTokenHash(Secrets.tokenHash(token)) : Optional.empty();
    }

    /**
     * A person revokes a link (ordered or active): it opens nothing from now on and its package is deleted at once.
     *
     * @throws IllegalArgumentException when there is no such link
     * @throws IllegalStateException    when it can no longer be downloaded anyway (used, locked, expired, revoked)
     */
    public synchronized DownloadLink revoke(long id, String user) throws IOException {
        DownloadLink link = find(id);
        if (link.state() != LinkState.ACTIVE && link.state() != LinkState.ORDERED) {
            throw new IllegalStateException("download link " + id + " is " + link.state()
                    + ": it opens nothing any more, so there is nothing to revoke");
        }
        DownloadLink revoked = store.save(deletePackage(link.withState(LinkState.REVOKED)));
        events.revoked(revoked, user);
        return revoked;
    }

    /**
     * Deletes the packages that can no longer be downloaded and marks links past their date EXPIRED (issue 21:
     * "expired packages are deleted"); run periodically. Returns how many links it changed.
     */
    public synchronized int purge() throws IOException {
        Instant now = clock.instant();
        int n = 0;
        for (DownloadLink link : store.toPurge(now)) {
            DownloadLink next = link.state() == LinkState.ACTIVE || link.state() == LinkState.ORDERED
                    ? link.withState(LinkState.EXPIRED) : link;
            store.save(deletePackage(next));
            n++;
        }
        return n;
    }

    private DownloadLink deletePackage(DownloadLink link) throws IOException {
        if (link.packageFile() != null) {
            Files.deleteIfExists(settings.packagesDir().resolve(link.packageFile()));
        }
        return link.withoutPackage();
    }

    public DownloadLink find(long id) {
        return store.find(id).orElseThrow(() -> new IllegalArgumentException("no download link " + id));
    }

    /** The newest links, for the console and the API. */
    public List<DownloadLink> recent(int limit) {
        return store.recent(limit);
    }
}
