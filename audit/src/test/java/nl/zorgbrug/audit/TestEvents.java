package nl.zorgbrug.audit;

import java.time.Instant;
import java.util.Random;
import java.util.UUID;

import nl.zorgbrug.audit.event.AccessPoint;
import nl.zorgbrug.audit.event.Actor;
import nl.zorgbrug.audit.event.AuditEvent;
import nl.zorgbrug.audit.event.EventType;
import nl.zorgbrug.audit.event.LegalBasis;
import nl.zorgbrug.audit.event.ObjectRef;
import nl.zorgbrug.audit.event.PatientRef;
import nl.zorgbrug.audit.event.Peer;
import nl.zorgbrug.audit.event.Role;
import nl.zorgbrug.audit.event.Ura;
import nl.zorgbrug.bsn.Bsn;

/** Generated test data for the trail: BSNs that pass the 11-proof (test values), events of every kind. */
public final class TestEvents {
    public static final Ura OWN = new Ura("00001234");
    public static final Ura OTHER = new Ura("00005678");

    private TestEvents() {
    }

    /** A BSN that passes the 11-proof, drawn from {@code random} (test values only). */
    public static Bsn bsn(Random random) {
        while (true) {
            int[] d = new int[9];
            int sum = 0;
            for (int i = 0; i < 8; i++) {
                d[i] = random.nextInt(10);
                sum += (9 - i) * d[i];
            }
            int last = sum % 11;
            if (last > 9) {
                continue;
            }
            StringBuilder s = new StringBuilder();
            for (int i = 0; i < 8; i++) {
                s.append(d[i]);
            }
            s.append(last);
            if (Bsn.isValid(s.toString())) {
                return Bsn.parse(s.toString());
            }
        }
    }

    /** A receive event with every field the model has, for the patient {@code bsn}. */
    public static AuditEvent full(Bsn bsn, Instant at, String detail) {
        return AuditEvent.of(EventType.RECEIVE, Actor.person("olga", "Olga de Vries", Role.OPERATOR, OWN), at)
                .accessPoint(AccessPoint.dicom("10.0.0.7", "CT_ROOM1", "CN=ct1.hospital.example"))
                .patient(new PatientRef(bsn, "PAT-0042"))
                .object(ObjectRef.study("2.25.1000"))
                .object(ObjectRef.series("2.25.1000.1"))
                .object(ObjectRef.sopInstance("2.25.1000.1.1"))
                .object(ObjectRef.fhir("ImagingStudy", "abc"))
                .object(ObjectRef.job(17))
                .source(new Peer("export", "CT_ROOM1", "10.0.0.7"))
                .destination(new Peer("umcx", "UMCX_PACS", "pacs.umcx.example:11112"))
                .legalBasis(new LegalBasis.Referral("verwijzing 2026-12-06"))
                .detail(detail)
                .build();
    }

    /** A small event of the node itself, numbered in its detail. */
    public static AuditEvent numbered(int n, Instant at) {
        return AuditEvent.of(EventType.JOB_STATE, Actor.system("node", OWN), at)
                .id(new UUID(0, n))
                .object(ObjectRef.job(n))
                .detail("event " + n)
                .build();
    }
}
