package nl.zorgbrug.audit.consent.mitz;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import nl.zorgbrug.audit.consent.DataCategory;
import nl.zorgbrug.audit.event.Ura;

/**
 * The closed question over HTTP: a SOAP 1.2 envelope (W3C SOAP 1.2 Part 1) around an XACML 3.0
 * {@code XACMLAuthzDecisionQuery} (OASIS SAML 2.0 profile of XACML v2.0, with the XACML 3.0 core request). One
 * action attribute per category with {@code IncludeInResult}, so each Result names its category (XACML 3.0 Multiple
 * Decision Profile). The attribute ids are ours, shaped after the question the issue describes; aligning them with
 * Mitz's interface specification is open (docs/privacy.md). The answer is read with a parser that refuses DTDs
 * (no external entities).
 */
public final class SoapMitzClient implements Mitz {
    static final String SOAP = "http://www.w3.org/2003/05/soap-envelope";
    static final String XACML = "urn:oasis:names:tc:xacml:3.0:core:schema:wd-17";
    static final String QUERY = "urn:oasis:names:tc:xacml:3.0:profile:saml2.0:v2:schema:protocol:wd-14";
    static final String RESOURCE = "urn:oasis:names:tc:xacml:3.0:attribute-category:resource";
    static final String ACTION = "urn:oasis:names:tc:xacml:3.0:attribute-category:action";
    static final String SUBJECT = "urn:oasis:names:tc:xacml:1.0:subject-category:access-subject";
    static final String ENVIRONMENT = "urn:oasis:names:tc:xacml:3.0:attribute-category:environment";
    static final String ATTR = "urn:nl:zorgbrug:mitz:";

    private final URI endpoint;
    private final Duration timeout;
    private final HttpClient http;
    private final Clock clock;

    public SoapMitzClient(URI endpoint, Duration timeout, Clock clock) {
        this.endpoint = Objects.requireNonNull(endpoint);
        this.timeout = Objects.requireNonNull(timeout);
        this.clock = Objects.requireNonNull(clock);
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    @Override
    public Map<DataCategory, MitzDecision> ask(ClosedQuestion q) throws MitzException {
        Document doc = post(envelope(q), null);
        Map<DataCategory, MitzDecision> out = new EnumMap<>(DataCategory.class);
        NodeList results = doc.getElementsByTagNameNS(XACML, "Result");
        for (int i = 0; i < results.getLength(); i++) {
            Element result = (Element) results.item(i);
            String decision = text(result, "Decision");
            DataCategory category = null;
            NodeList attributes = result.getElementsByTagNameNS(XACML, "Attributes");
            for (int a = 0; a < attributes.getLength(); a++) {
                Element attrs = (Element) attributes.item(a);
                if (ACTION.equals(attrs.getAttribute("Category"))) {
                    category = DataCategory.ofZib(text(attrs, "AttributeValue"));
                }
            }
            if (category == null) {
                throw new MitzException(MitzException.Kind.UNREADABLE, "Mitz's result " + (i + 1)
                        + " names no data category this node asked for", null);
            }
            out.put(category, switch (decision) {
                case "Permit" -> MitzDecision.PERMIT;
                case "Deny" -> MitzDecision.DENY;
                case "NotApplicable" -> MitzDecision.NOT_APPLICABLE;
                default -> MitzDecision.INDETERMINATE;
            });
        }
        return out;
    }

    /** The SOAP 1.2 action of the open question (IHE ITI TF-2b 3.55, Cross Gateway Patient Discovery). */
    static final String XCPD_ACTION = "urn:hl7-org:v3:PRPA_IN201305UV02:CrossGatewayPatientDiscovery";
    static final String HL7 = "urn:hl7-org:v3";
    /** OIDs: the BSN (Nictiz) and the URA (CIBG's UZI register). */
    static final String BSN_OID = "2.16.840.1.113883.2.4.6.3";
    static final String URA_OID = "2.16.528.1.1007.3.3";

    /**
     * The open question as XCPD: PRPA_IN201305UV02 with the BSN as livingSubjectId, the requester as the sender's
     * represented organisation (URA, type) and, as our own parameters, the purpose and categories. The answer's
     * acknowledgement must be AA; queryResponseCode OK lists holders as the custodians of the subjects (URA,
     * institution type), NF means none; AE, QE or an acknowledgement other than AA is a failure.
     */
    @Override
    public List<Holder> holders(OpenQuestion q) throws MitzException {
        Document doc = post(xcpd(q), XCPD_ACTION);
        String ack = attribute(doc, "acknowledgement", "typeCode");
        String code = attribute(doc, "queryResponseCode", "code");
        if (!"AA".equals(ack) || !("OK".equals(code) || "NF".equals(code))) {
            throw new MitzException(MitzException.Kind.UNREADABLE, "Mitz did not answer the open question"
                    + " (acknowledgement " + (ack.isEmpty() ? "none" : ack) + ", queryResponseCode "
                    + (code.isEmpty() ? "none" : code) + ")", null);
        }
        List<Holder> out = new java.util.ArrayList<>();
        NodeList custodians = doc.getElementsByTagNameNS(HL7, "custodian");
        for (int i = 0; i < custodians.getLength(); i++) {
            Element custodian = (Element) custodians.item(i);
            NodeList ids = custodian.getElementsByTagNameNS(HL7, "id");
            for (int j = 0; j < ids.getLength(); j++) {
                Element id = (Element) ids.item(j);
                if (URA_OID.equals(id.getAttribute("root"))) {
                    NodeList codes = custodian.getElementsByTagNameNS(HL7, "code");
                    String type = codes.getLength() == 0 ? null : ((Element) codes.item(0)).getAttribute("code");
                    out.add(new Holder(new Ura(id.getAttribute("extension")), type == null || type.isEmpty() ? null
                            : type));
                }
            }
        }
        return out;
    }

    private String xcpd(OpenQuestion q) {
        StringBuilder categories = new StringBuilder();
        for (DataCategory c : q.categories()) {
            categories.append("<v3:dataCategory><v3:value code=\"").append(escape(c.zib())).append("\"/>")
                    .append("</v3:dataCategory>");
        }
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<s:Envelope xmlns:s=\"" + SOAP + "\" xmlns:a=\"http://www.w3.org/2005/08/addressing\"><s:Header>"
                + "<a:Action s:mustUnderstand=\"1\">" + XCPD_ACTION + "</a:Action>"
                + "<a:MessageID>urn:uuid:" + UUID.randomUUID() + "</a:MessageID></s:Header><s:Body>"
                + "<v3:PRPA_IN201305UV02 xmlns:v3=\"" + HL7 + "\" ITSVersion=\"XML_1.0\">"
                + "<v3:id root=\"" + UUID.randomUUID() + "\"/>"
                + "<v3:creationTime value=\"" + clock.instant().toString().replaceAll("[-:TZ]", "").replaceAll("\\..*", "")
                + "\"/><v3:interactionId root=\"2.16.840.1.113883.1.6\" extension=\"PRPA_IN201305UV02\"/>"
                + "<v3:processingCode code=\"P\"/><v3:processingModeCode code=\"T\"/>"
                + "<v3:acceptAckCode code=\"AL\"/>"
                + "<v3:receiver typeCode=\"RCV\"><v3:device classCode=\"DEV\" determinerCode=\"INSTANCE\">"
                + "<v3:id root=\"" + URA_OID + "\" extension=\"mitz\"/></v3:device></v3:receiver>"
                + "<v3:sender typeCode=\"SND\"><v3:device classCode=\"DEV\" determinerCode=\"INSTANCE\">"
                + "<v3:id root=\"" + URA_OID + "\" extension=\"" + escape(q.requester().ura().value()) + "\"/>"
                + "<v3:asAgent classCode=\"AGNT\"><v3:representedOrganization classCode=\"ORG\" determinerCode=\"INSTANCE\">"
                + "<v3:id root=\"" + URA_OID + "\" extension=\"" + escape(q.requester().ura().value()) + "\"/>"
                + "<v3:code code=\"" + escape(q.requester().institutionType()) + "\"/>"
                + "</v3:representedOrganization></v3:asAgent></v3:device></v3:sender>"
                + "<v3:controlActProcess classCode=\"CACT\" moodCode=\"EVN\">"
                + "<v3:code code=\"PRPA_TE201305UV02\" codeSystem=\"2.16.840.1.113883.1.6\"/>"
                + (q.requester().uziNumber() == null ? "" : "<v3:authorOrPerformer typeCode=\"AUT\"><v3:assignedPerson>"
                + "<v3:id root=\"2.16.528.1.1007.3.1\" extension=\"" + escape(q.requester().uziNumber()) + "\"/>"
                + (q.requester().role() == null ? "" : "<v3:code code=\"" + escape(q.requester().role()) + "\"/>")
                + "</v3:assignedPerson></v3:authorOrPerformer>")
                + "<v3:queryByParameter><v3:queryId root=\"" + UUID.randomUUID() + "\"/>"
                + "<v3:statusCode code=\"new\"/><v3:responseModalityCode code=\"R\"/>"
                + "<v3:responsePriorityCode code=\"I\"/><v3:parameterList>"
                + "<v3:livingSubjectId><v3:value root=\"" + BSN_OID + "\" extension=\"" + q.patient().value() + "\"/>"
                + "<v3:semanticsText>LivingSubject.id</v3:semanticsText></v3:livingSubjectId>"
                + "<v3:purposeOfUse><v3:value code=\"" + q.purpose().name() + "\"/></v3:purposeOfUse>"
                + categories
                + "</v3:parameterList></v3:queryByParameter></v3:controlActProcess></v3:PRPA_IN201305UV02>"
                + "</s:Body></s:Envelope>";
    }

    /** Posts a SOAP 1.2 envelope; a fault, an HTTP error, a time-out or an answer that is not XML throws. */
    private Document post(String envelope, String action) throws MitzException {
        HttpResponse<byte[]> response;
        try {
            response = http.send(HttpRequest.newBuilder(endpoint).timeout(timeout)
                    .header("Content-Type", "application/soap+xml; charset=utf-8"
                            + (action == null ? "" : "; action=\"" + action + "\""))
                    .POST(HttpRequest.BodyPublishers.ofString(envelope, StandardCharsets.UTF_8)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            throw new MitzException(MitzException.Kind.TIMEOUT, "Mitz at " + endpoint + " did not answer within "
                    + timeout, e);
        } catch (ConnectException e) {
            throw new MitzException(MitzException.Kind.UNREACHABLE, "Mitz at " + endpoint + " is not reachable: "
                    + e.getMessage(), e);
        } catch (IOException e) {
            throw new MitzException(MitzException.Kind.UNREACHABLE, "Mitz at " + endpoint + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MitzException(MitzException.Kind.TIMEOUT, "interrupted while asking Mitz", e);
        }
        Document doc = parse(response.body());
        if (doc != null) {
            NodeList faults = doc.getElementsByTagNameNS(SOAP, "Fault");
            if (faults.getLength() > 0) {
                throw new MitzException(MitzException.Kind.SOAP_FAULT, "Mitz answered a SOAP fault (HTTP "
                        + response.statusCode() + "): " + text(faults.item(0), "Text"), null);
            }
        }
        if (response.statusCode() != 200) {
            throw new MitzException(MitzException.Kind.HTTP_STATUS, "Mitz answered HTTP " + response.statusCode(),
                    null);
        }
        if (doc == null) {
            throw new MitzException(MitzException.Kind.UNREADABLE, "Mitz's answer is not XML", null);
        }
        return doc;
    }

    private static String attribute(Document doc, String localName, String attribute) {
        NodeList nodes = doc.getElementsByTagNameNS(HL7, localName);
        return nodes.getLength() == 0 ? "" : ((Element) nodes.item(0)).getAttribute(attribute);
    }

    private String envelope(ClosedQuestion q) {
        StringBuilder actions = new StringBuilder();
        for (DataCategory c : q.categories()) {
            actions.append("<x:Attributes Category=\"").append(ACTION).append("\">")
                    .append(attribute("data-category", c.zib(), true)).append("</x:Attributes>");
        }
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<s:Envelope xmlns:s=\"" + SOAP + "\"><s:Body>"
                + "<q:XACMLAuthzDecisionQuery xmlns:q=\"" + QUERY + "\" ID=\"_" + UUID.randomUUID()
                + "\" Version=\"2.0\" IssueInstant=\"" + clock.instant() + "\">"
                + "<x:Request xmlns:x=\"" + XACML + "\" CombinedDecision=\"false\" ReturnPolicyIdList=\"false\">"
                + "<x:Attributes Category=\"" + RESOURCE + "\">"
                + attribute("patient-bsn", q.patient().value(), false)
                + attribute("holder-ura", q.holder().value(), false)
                + attribute("holder-type", q.holderType(), false)
                + "</x:Attributes>"
                + actions
                + "<x:Attributes Category=\"" + SUBJECT + "\">"
                + (q.requester().role() == null ? "" : attribute("requester-role", q.requester().role(), false))
                + (q.requester().uziNumber() == null ? "" : attribute("requester-uzi", q.requester().uziNumber(), false))
                + attribute("requester-ura", q.requester().ura().value(), false)
                + attribute("requester-type", q.requester().institutionType(), false)
                + "</x:Attributes>"
                + "<x:Attributes Category=\"" + ENVIRONMENT + "\">"
                + attribute("purpose-of-use", q.purpose().name(), false)
                + "</x:Attributes>"
                + "</x:Request></q:XACMLAuthzDecisionQuery></s:Body></s:Envelope>";
    }

    private static String attribute(String id, String value, boolean includeInResult) {
        return "<x:Attribute AttributeId=\"" + ATTR + id + "\" IncludeInResult=\"" + includeInResult + "\">"
                + "<x:AttributeValue DataType=\"http://www.w3.org/2001/XMLSchema#string\">" + escape(value)
                + "</x:AttributeValue></x:Attribute>";
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static Document parse(byte[] body) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setExpandEntityReferences(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(null);
            return b.parse(new ByteArrayInputStream(body));
        } catch (Exception e) {
            return null;
        }
    }

    private static String text(org.w3c.dom.Node parent, String localName) {
        if (!(parent instanceof Element e)) {
            return "";
        }
        NodeList nodes = e.getElementsByTagNameNS("*", localName);
        return nodes.getLength() == 0 ? "" : nodes.item(0).getTextContent().trim();
    }
}
