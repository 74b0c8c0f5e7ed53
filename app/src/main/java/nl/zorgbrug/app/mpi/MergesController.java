package nl.zorgbrug.app.mpi;

import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import nl.zorgbrug.gateway.merge.MergedPatients;

/**
 * Objects delivered under a patient number the EPD merged away since (issue 16): the receiving PACS still files them
 * under the prior number, so a person has them merged there too. Numbers are shown as the MPI API shows them.
 */
@RestController
public class MergesController {
    private final MergedPatients merged;

    public MergesController(MergedPatients merged) {
        this.merged = merged;
    }

    @nl.zorgbrug.app.access.PatientData(nl.zorgbrug.audit.event.EventType.VIEW)
    @GetMapping("/api/mpi/merges/delivered")
    public List<MergedPatients.DeliveredUnderPrior> delivered(@RequestParam(defaultValue = "500") int limit) {
        return merged.deliveredUnderPrior(Math.max(1, Math.min(limit, 5000)));
    }
}
