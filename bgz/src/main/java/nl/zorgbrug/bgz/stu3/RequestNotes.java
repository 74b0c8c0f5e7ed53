package nl.zorgbrug.bgz.stu3;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import nl.zorgbrug.bgz.access.AccessToken;
import nl.zorgbrug.bsn.Bsn;
import org.hl7.fhir.dstu3.model.Resource;

/** What a request touched, noted on the way for its audit event: the patient, what was served, why refused. */
final class RequestNotes {
    private static final String KEY = RequestNotes.class.getName();

    Bsn patient;
    AccessToken token;
    String refusal;
    /** The scope decided for this request, so a request that runs several searches asks consent once. */
    Serving.Scope scope;
    final List<String> served = new ArrayList<>();

    static RequestNotes of(RequestDetails request) {
        return (RequestNotes) request.getUserData().computeIfAbsent(KEY, k -> new RequestNotes());
    }

    void patient(Bsn bsn, AccessToken t) {
        this.patient = bsn;
        this.token = t;
    }

    void refused(Bsn asked, String why) {
        if (patient == null) {
            patient = asked;
        }
        refusal = why;
    }

    void served(Collection<Resource> matches, Collection<Resource> included) {
        matches.forEach(r -> served.add(r.fhirType() + "/" + r.getIdElement().getIdPart()));
        included.forEach(r -> served.add(r.fhirType() + "/" + r.getIdElement().getIdPart()));
    }

    void stored(Collection<String> references) {
        served.addAll(references);
    }
}
