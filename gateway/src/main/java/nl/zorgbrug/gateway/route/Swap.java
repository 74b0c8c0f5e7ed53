package nl.zorgbrug.gateway.route;

import java.time.Instant;
import java.util.Optional;
import java.util.function.BiFunction;

import nl.zorgbrug.bsn.mpi.MasterPatientIndex;
import nl.zorgbrug.bsn.swap.Disposition;
import nl.zorgbrug.bsn.swap.ExportSwap;
import nl.zorgbrug.bsn.swap.Importer;
import nl.zorgbrug.bsn.swap.ManualLink;
import nl.zorgbrug.bsn.swap.SwapDecision;
import nl.zorgbrug.bsn.swap.SwapPolicy;
import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;

/**
 * The Nictiz "BSN in DICOM" swap as a route step: on export the BSN goes into (0010,0020)/(0010,0021),
 * on import the local patient ID comes back. A refusal becomes a hold (export: a person checks the
 * patient) or a quarantine (import: manual reconciliation), with the rule's reason code and messages.
 */
public final class Swap implements RouteStep {
    private final BiFunction<DataSet, Instant, SwapDecision> decide;

    private Swap(BiFunction<DataSet, Instant, SwapDecision> decide) {
        this.decide = decide;
    }

    public static Swap export(SwapPolicy policy, MasterPatientIndex mpi) {
        ExportSwap swap = new ExportSwap(policy);
        return new Swap((header, now) -> swap.decide(header, mpi, now));
    }

    public static Swap importing(SwapPolicy policy, MasterPatientIndex mpi) {
        return importing(policy, mpi, ManualLinks.NONE);
    }

    /**
     * The import swap, or for an object a person linked to a local patient on the quarantine worklist, that
     * link ({@link ManualLink}): both write the local identity the same way, on delivery, into the original.
     */
    public static Swap importing(SwapPolicy policy, MasterPatientIndex mpi, ManualLinks links) {
        Importer importer = new Importer(policy, mpi);
        ManualLink link = new ManualLink(policy);
        return new Swap((header, now) -> {
            Optional<String> linked = links.localIdOf(header.getString(Tag.SOPInstanceUID));
            return linked.isPresent() ? link.decide(header, mpi, linked.get(), now) : importer.decide(header, now);
        });
    }

    @Override
    public Optional<RouteDecision> apply(RouteContext context) {
        SwapDecision d = decide.apply(context.header(), context.now());
        if (d instanceof SwapDecision.Apply apply) {
            context.addEdits(apply.edits());
            return Optional.empty();
        }
        if (d instanceof SwapDecision.Refuse refuse) {
            String code = refuse.reason().name();
            String detail = refuse.detail().isEmpty() ? "" : " (" + refuse.detail() + ")";
            if (refuse.disposition() == Disposition.QUARANTINE) {
                return Optional.of(new RouteDecision.Quarantine(code, refuse.messageNl() + detail,
                        refuse.messageEn() + detail, context.verdict()));
            }
            return Optional.of(new RouteDecision.Hold(code, refuse.messageNl() + detail, refuse.messageEn() + detail,
                    context.verdict()));
        }
        // RegisterPatient is resolved inside Importer; on export it cannot occur.
        throw new IllegalStateException("unexpected swap decision " + d);
    }
}
