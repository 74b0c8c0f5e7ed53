package nl.zorgbrug.bgz.referral;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.regex.Pattern;

import nl.zorgbrug.bgz.specialism.Specialism;
import nl.zorgbrug.bsn.Bsn;
import org.hl7.fhir.dstu3.model.CodeableConcept;
import org.hl7.fhir.dstu3.model.Coding;
import org.hl7.fhir.dstu3.model.Identifier;
import org.hl7.fhir.dstu3.model.Organization;
import org.hl7.fhir.dstu3.model.Period;
import org.hl7.fhir.dstu3.model.Reference;
import org.hl7.fhir.dstu3.model.StringType;
import org.hl7.fhir.dstu3.model.Task;

/**
 * The Notified Pull Task of a BgZ sent on referral (FHIR STU3, as BgZ MSZ 2.0), written and read. The shape follows
 * the Notified Pull pattern of Nictiz and Twiin (TA Notified Pull, "Notification Task"): status {@code requested},
 * intent {@code proposal}, the patient in {@code for} (by BSN), the sender as {@code requester.agent} and the receiver
 * as {@code owner} (by URA), the referral in {@code basedOn}, the token's validity as {@code restriction.period}, the
 * token as the input {@code TaskParameter|authorization-base}, and one input per query the receiver may run.
 *
 * <p>Our choices where the pattern leaves them open (docs/bgz.md): the Task code is SNOMED CT 3457005 (patient
 * referral); each query is an input of type {@code QUERY_TYPE} with the query as {@code valueString}, the patient
 * parameter left out (the token names the patient), rather than Twiin's per-section codes.
 *
 * <p>The receiving department's specialism, when the referral names one, is in the owner as nl-core models a
 * department (zib HealthcareProvider, nl-core-organization): {@code owner} refers to a contained Organization with
 * the receiver's URA ({@code identifier:URA}) and the specialism in {@code type:departmentSpecialty} (system
 * {@code urn:oid:2.16.840.1.113883.2.4.6.7}, Vektis AGB-medische specialismen); the owner keeps its URA identifier too,
 * so a reader that looks only there still finds the institution.
 */
public final class NotifiedPullTask {
    public static final String BSN = "http://fhir.nl/fhir/NamingSystem/bsn";
    public static final String URA = "http://fhir.nl/fhir/NamingSystem/ura";
    public static final String TASK_PARAMETER = "http://fhir.nl/fhir/NamingSystem/TaskParameter";
    public static final String AUTHORIZATION_BASE = "authorization-base";
    public static final Coding QUERY_TYPE = new Coding("https://zorgbrug.nl/fhir/CodeSystem/task-parameter",
            "bgz-query", "BgZ MSZ 2.0 query");
    public static final Coding REFERRAL_CODE = new Coding("http://snomed.info/sct", "3457005", "Patient referral");
    /** The zib2017 profile of a healthcare provider or its department (Nictiz-STU3-Zib2017). */
    public static final String NL_CORE_ORGANIZATION = "http://fhir.nl/fhir/StructureDefinition/nl-core-organization";
    private static final String OWNER_ID = "owner";
    private static final Pattern URA_VALUE = Pattern.compile("\\d{8}");

    private NotifiedPullTask() {
    }

    public static Task write(NotifiedPull p, Date authoredOn) {
        Task t = new Task();
        t.addIdentifier(new Identifier().setSystem("urn:ietf:rfc:3986").setValue("urn:uuid:" + p.taskId()));
        t.setStatus(Task.TaskStatus.REQUESTED);
        t.setIntent(Task.TaskIntent.PROPOSAL);
        t.setCode(new CodeableConcept().addCoding(REFERRAL_CODE.copy()));
        t.addBasedOn(new Reference().setIdentifier(new Identifier().setValue(p.referral())).setDisplay("Verwijzing"));
        t.setFor(new Reference().setIdentifier(new Identifier().setSystem(BSN).setValue(p.patient().value())));
        t.setAuthoredOn(authoredOn);
        t.getRequester().setAgent(new Reference().setIdentifier(new Identifier().setSystem(URA)
                .setValue(p.senderUra())).setDisplay(p.senderName()));
        t.setOwner(new Reference().setIdentifier(new Identifier().setSystem(URA).setValue(p.receiverUra())));
        if (p.specialism() != null) {
            Organization department = new Organization();
            department.setId(OWNER_ID);
            department.getMeta().addProfile(NL_CORE_ORGANIZATION);
            department.addIdentifier().setSystem(URA).setValue(p.receiverUra());
            department.addType().addCoding(new Coding(Specialism.SYSTEM, p.specialism().code(),
                    p.specialism().dutch()));
            t.addContained(department);
            t.getOwner().setReference("#" + OWNER_ID);
        }
        t.getRestriction().setPeriod(new Period().setStart(authoredOn).setEnd(Date.from(p.expiresAt())));
        t.addInput().setType(new CodeableConcept().addCoding(new Coding(TASK_PARAMETER, AUTHORIZATION_BASE, null)))
                .setValue(new StringType(p.token()));
        for (String q : p.queries()) {
            t.addInput().setType(new CodeableConcept().addCoding(QUERY_TYPE.copy())).setValue(new StringType(q));
        }
        return t;
    }

    /**
     * Reads a Task posted to us.
     *
     * @throws IllegalArgumentException naming what is missing or wrong, for the OperationOutcome to the sender
     */
    public static NotifiedPull read(Task t) {
        List<String> problems = new ArrayList<>();
        if (t.getStatus() != Task.TaskStatus.REQUESTED) {
            problems.add("status must be requested");
        }
        if (t.getCode().getCoding().stream().noneMatch(c -> REFERRAL_CODE.getSystem().equals(c.getSystem())
                && REFERRAL_CODE.getCode().equals(c.getCode()))) {
            problems.add("code must be " + REFERRAL_CODE.getSystem() + "|" + REFERRAL_CODE.getCode());
        }
        String taskId = t.getIdentifier().stream().map(Identifier::getValue).filter(v -> v != null
                && v.startsWith("urn:uuid:")).map(v -> v.substring(9)).findFirst().orElse(null);
        if (taskId == null || !taskId.matches("[0-9a-fA-F-]{36}")) {
            problems.add("identifier must be a urn:uuid");
            taskId = null;
        }
        String referral = t.getBasedOn().stream().map(r -> r.getIdentifier().getValue()).filter(v -> v != null
                && !v.isBlank()).findFirst().orElse(null);
        if (referral == null) {
            problems.add("basedOn must name the referral by its identifier");
        }
        String bsn = t.getFor().getIdentifier().getValue();
        if (!BSN.equals(t.getFor().getIdentifier().getSystem()) || bsn == null || !Bsn.isValid(bsn)) {
            problems.add("for must name the patient by a BSN that passes the 11-proof (" + BSN + ")");
            bsn = null;
        }
        String sender = ura(t.getRequester().getAgent(), "requester.agent", problems);
        String receiver = ura(t.getOwner(), "owner", problems);
        Specialism specialism = specialism(t, receiver, problems);
        String token = null;
        List<String> queries = new ArrayList<>();
        for (Task.ParameterComponent in : t.getInput()) {
            boolean auth = in.getType().getCoding().stream().anyMatch(c -> TASK_PARAMETER.equals(c.getSystem())
                    && AUTHORIZATION_BASE.equals(c.getCode()));
            boolean query = in.getType().getCoding().stream().anyMatch(c -> QUERY_TYPE.getSystem()
                    .equals(c.getSystem()) && QUERY_TYPE.getCode().equals(c.getCode()));
            String value = in.getValue() instanceof StringType s ? s.getValue() : null;
            if (auth && value != null && !value.isBlank()) {
                token = value.strip();
            } else if (query && value != null && !value.isBlank()) {
                queries.add(value.strip());
            }
        }
        if (token == null) {
            problems.add("an input " + TASK_PARAMETER + "|" + AUTHORIZATION_BASE + " must carry the token");
        }
        if (queries.isEmpty()) {
            problems.add("at least one input " + QUERY_TYPE.getSystem() + "|" + QUERY_TYPE.getCode()
                    + " must name a query");
        }
        Date end = t.getRestriction().getPeriod().getEnd();
        if (end == null) {
            problems.add("restriction.period.end must say until when the token is valid");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("not a Notified Pull Task for a BgZ on referral: "
                    + String.join("; ", problems));
        }
        return new NotifiedPull(taskId, referral, Bsn.parse(bsn), sender, t.getRequester().getAgent().getDisplay(),
                receiver, token, end.toInstant(), queries, specialism);
    }

    /**
     * The specialism of the owner's contained Organization ({@code type:departmentSpecialty}); null when the owner
     * names no department.
     */
    private static Specialism specialism(Task t, String receiverUra, List<String> problems) {
        Organization department = owner(t);
        if (department == null) {
            return null;
        }
        boolean otherUra = department.getIdentifier().stream().anyMatch(i -> URA.equals(i.getSystem())
                && i.getValue() != null && !i.getValue().equals(receiverUra));
        if (otherUra) {
            problems.add("the owner's Organization names another URA than owner.identifier: the department is of the"
                    + " owner");
        }
        List<String> codes = department.getType().stream().flatMap(c -> c.getCoding().stream())
                .filter(c -> Specialism.SYSTEM.equals(c.getSystem())).map(Coding::getCode).toList();
        if (codes.isEmpty()) {
            return null;
        }
        if (codes.size() > 1) {
            problems.add("the owner's Organization.type names more than one specialism (" + String.join(", ", codes)
                    + "): a referral is for one department");
            return null;
        }
        return Specialism.byCode(codes.get(0)).orElseGet(() -> {
            problems.add("the owner's Organization.type specialism '" + codes.get(0) + "' is no medical specialism"
                    + " of " + Specialism.SYSTEM + " this node knows (" + Specialism.codes() + ")");
            return null;
        });
    }

    /** The Organization the owner refers to: resolved by the parser, or contained by its local id. */
    private static Organization owner(Task t) {
        Reference owner = t.getOwner();
        if (owner.getResource() instanceof Organization o) {
            return o;
        }
        String ref = owner.getReference();
        if (ref == null || !ref.startsWith("#")) {
            return null;
        }
        String id = ref.substring(1);
        return t.getContained().stream().filter(Organization.class::isInstance).map(Organization.class::cast)
                .filter(o -> id.equals(o.getIdElement().getIdPart()) || ref.equals(o.getIdElement().getIdPart())
                        || ref.equals(o.getId()))
                .findFirst().orElse(null);
    }

    private static String ura(Reference r, String where, List<String> problems) {
        Identifier id = r.getIdentifier();
        if (!URA.equals(id.getSystem()) || id.getValue() == null || !URA_VALUE.matcher(id.getValue()).matches()) {
            problems.add(where + " must name the organisation by its URA (" + URA + ", 8 digits)");
            return null;
        }
        return id.getValue();
    }
}
