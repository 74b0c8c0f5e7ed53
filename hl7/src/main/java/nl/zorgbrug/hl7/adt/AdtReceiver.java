package nl.zorgbrug.hl7.adt;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.parser.CanonicalModelClassFactory;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;
import nl.zorgbrug.hl7.feed.FeedRefusedException;
import nl.zorgbrug.hl7.feed.FeedResult;
import nl.zorgbrug.hl7.feed.PatientFeed;
import nl.zorgbrug.hl7.feed.PatientUpdate;

/**
 * One ADT message in, its acknowledgement out: the protocol side of the EPD feed, free of the transport (the MLLP
 * listener hands it the bytes between the frame's start and end). It never throws; whatever happens, the sender gets
 * an answer it can act on:
 * <ul>
 *   <li><b>AA</b>: applied, in one transaction; warnings (an identity conflict the node will not resolve) as ERR
 *       segments with severity W;</li>
 *   <li><b>AE</b>: understood but not applied, because of a field the ERR segment names (a missing local number,
 *       an A47 onto an existing number); nothing of the message was applied;</li>
 *   <li><b>AR</b>: rejected: not an ADT event the node takes, a version outside 2.3 to 2.5.1, not readable (no MSH,
 *       broken delimiters, a character set it does not declare), too large, or the node could not store it now
 *       (send again later).</li>
 * </ul>
 */
public final class AdtReceiver {
    private static final System.Logger LOG = System.getLogger(AdtReceiver.class.getName());
    /** The versions whose ADT messages the node reads (issue 16), all parsed into the 2.5.1 structures. */
    public static final Set<String> VERSIONS = Set.of("2.3", "2.3.1", "2.4", "2.5", "2.5.1");

    private final AdtMapper mapper;
    private final PatientFeed feed;
    private final HapiContext hapi;
    private final Ack acks;

    public AdtReceiver(AdtSettings settings, PatientFeed feed, Clock clock, ZoneId zone) {
        this.mapper = new AdtMapper(settings);
        this.feed = feed;
        this.acks = new Ack(clock, zone);
        HapiContext context = new DefaultHapiContext();
        // One set of structures for every version: 2.5.1 holds every field an ADT feed of 2.3 to 2.5.1 uses.
        context.setModelClassFactory(new CanonicalModelClassFactory("2.5.1"));
        // The node checks what it uses itself and names the field; HAPI's conformance rules would refuse messages
        // that EPDs really send for fields the node never reads.
        context.setValidationContext(ValidationContextFactory.noValidation());
        // And without validation, nothing of it runs: "no validation" still trims every primitive as it is set and
        // runs the (empty) message rules after each parse, about a tenth of the parse (issue 16's benchmark, JFR).
        // AdtMapper strips what it reads itself.
        context.getParserConfiguration().setValidating(false);
        this.hapi = context;
    }

    /** The acknowledgement for one message, in the message's character set (UTF-8 when it could not be read). */
    public byte[] receive(byte[] message) {
        Hl7Charsets.Decoded decoded;
        try {
            decoded = Hl7Charsets.decode(message);
        } catch (AdtFieldException e) {
            String raw = new String(message, StandardCharsets.ISO_8859_1);
            return encode(acks.build(firstSegment(raw), Ack.Code.AR, null, List.of(error(e))), StandardCharsets.UTF_8);
        }
        String text = decoded.text().replace("\r\n", "\r").replace('\n', '\r');
        return encode(answer(text), decoded.charset());
    }

    /**
     * The rejection of a message the transport would not read whole (larger than its limit); {@code head} is its
     * beginning, from which the MSH is copied when it is there.
     */
    public byte[] tooLarge(byte[] head, long limit) {
        String raw = new String(head, StandardCharsets.ISO_8859_1);
        String msh = firstSegment(raw);
        return encode(acks.build(msh != null && msh.length() < raw.length() ? msh : null, Ack.Code.AR, null,
                List.of(new Ack.Error("MSH", 207, false, "the message is larger than the " + limit
                        + " bytes the node accepts; nothing was applied"))), StandardCharsets.UTF_8);
    }

    private String answer(String text) {
        String msh = firstSegment(text);
        if (msh == null || !msh.startsWith("MSH") || msh.length() < 9) {
            return acks.build(null, Ack.Code.AR, null, List.of(new Ack.Error("MSH", 100, false,
                    "the message does not start with an MSH segment")));
        }
        Ack.Header h = Ack.Header.of(msh);
        if (h.get(2).isEmpty()) {
            return acks.build(null, Ack.Code.AR, null, List.of(new Ack.Error("MSH-2", 102, false,
                    "the encoding characters in MSH-2 are not four distinct delimiters")));
        }
        List<String> type = Ack.split(h.get(9), h.component);
        String code = type.get(0);
        String event = type.size() > 1 ? type.get(1) : "";
        String version = Ack.split(h.get(12), h.component).get(0);
        if (h.get(10).isEmpty()) {
            return acks.build(msh, Ack.Code.AR, event, List.of(new Ack.Error("MSH-10", 101, false,
                    "the message has no control ID; the node cannot acknowledge it")));
        }
        if (!VERSIONS.contains(version)) {
            return acks.build(msh, Ack.Code.AR, event, List.of(new Ack.Error("MSH-12", 203, false,
                    "version '" + version + "' is not one the node reads (2.3, 2.3.1, 2.4, 2.5, 2.5.1)")));
        }
        if (!code.equals("ADT")) {
            return acks.build(msh, Ack.Code.AR, event, List.of(new Ack.Error("MSH-9", 200, false,
                    "message type '" + code + "' is not taken here; the node reads ADT only")));
        }
        if (!AdtMapper.EVENTS.contains(event)) {
            return acks.build(msh, Ack.Code.AR, event, List.of(new Ack.Error("MSH-9", 201, false,
                    "trigger event '" + event + "' is not one the node acts on (" + String.join(", ",
                            new java.util.TreeSet<>(AdtMapper.EVENTS)) + ")")));
        }
        Message message;
        try {
            message = hapi.getPipeParser().parse(text);
        } catch (HL7Exception | RuntimeException e) {
            // HAPI names what it could not read; the text goes back to the sender, who has the data anyway, and
            // never into the log.
            return acks.build(msh, Ack.Code.AR, event, List.of(new Ack.Error(hl7Location(e), 102, false,
                    "the message could not be parsed: " + e.getMessage())));
        }
        List<PatientUpdate> updates;
        try {
            updates = mapper.map(message, event);
        } catch (AdtFieldException e) {
            return acks.build(msh, Ack.Code.AE, event, List.of(error(e)));
        } catch (HL7Exception e) {
            return acks.build(msh, Ack.Code.AE, event, List.of(new Ack.Error(hl7Location(e), 102, false,
                    "a field could not be read: " + e.getMessage())));
        }
        try {
            FeedResult result = feed.apply(updates);
            List<Ack.Error> warnings = new ArrayList<>();
            for (FeedResult.Warning w : result.warnings()) {
                warnings.add(new Ack.Error(w.field(), 207, true, w.text()));
                LOG.log(System.Logger.Level.WARNING, "ADT " + event + " " + h.get(10) + ": " + w.field() + ": "
                        + w.text());
            }
            return acks.build(msh, Ack.Code.AA, event, warnings);
        } catch (FeedRefusedException e) {
            return acks.build(msh, Ack.Code.AE, event, List.of(new Ack.Error(e.field(), 207, false, e.getMessage())));
        } catch (RuntimeException e) {
            // The database or another part of the node failed: nothing was applied (the transaction rolled back);
            // HL7 original mode answers AR for a failure unrelated to the content, so the EPD sends it again.
            LOG.log(System.Logger.Level.ERROR, "ADT " + event + " " + h.get(10) + ": not applied, "
                    + e.getClass().getSimpleName(), e);
            return acks.build(msh, Ack.Code.AR, event, List.of(new Ack.Error("MSH", 207, false,
                    "the node could not store the message now; nothing was applied, send it again")));
        }
    }

    private static Ack.Error error(AdtFieldException e) {
        return new Ack.Error(e.field(), e.hl7ErrorCode(), false, e.getMessage());
    }

    private static String hl7Location(Exception e) {
        if (e instanceof HL7Exception h && h.getLocation() != null && h.getLocation().getSegmentName() != null) {
            int field = h.getLocation().getField();
            return h.getLocation().getSegmentName() + (field > 0 ? "-" + field : "");
        }
        return "MSH";
    }

    private static String firstSegment(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        int end = text.indexOf('\r');
        int nl = text.indexOf('\n');
        if (end < 0 || (nl >= 0 && nl < end)) {
            end = nl;
        }
        return end < 0 ? text : text.substring(0, end);
    }

    private static byte[] encode(String ack, Charset charset) {
        return ack.getBytes(charset);
    }
}
