package nl.zorgbrug.gateway.route;

import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import nl.zorgbrug.bsn.mpi.MasterPatientIndex;
import nl.zorgbrug.bsn.swap.Disposition;
import nl.zorgbrug.bsn.swap.ExportSwap;
import nl.zorgbrug.bsn.swap.Importer;
import nl.zorgbrug.bsn.swap.ManualLink;
import nl.zorgbrug.bsn.swap.MissingIssuer;
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
    private final Function<RouteContext, SwapDecision> decide;

    private Swap(Function<RouteContext, SwapDecision> decide) {
        this.decide = decide;
    }

    public static Swap export(SwapPolicy policy, MasterPatientIndex mpi) {
        return export(policy, mpi, Set.of());
    }

    /**
     * The export swap, taking a Patient ID without issuer as a local number when the object comes from one of
     * {@code assumeLocalIssuerFrom} (calling AE titles of senders that send only the hospital's own numbers, e.g.
     * a PACS that leaves (0010,0021) empty); from anyone else, or an unknown sender, such an object is held.
     */
    public static Swap export(SwapPolicy policy, MasterPatientIndex mpi, Set<String> assumeLocalIssuerFrom) {
        ExportSwap swap = new ExportSwap(policy);
        Set<String> trusted = Set.copyOf(assumeLocalIssuerFrom);
        return new Swap(context -> swap.decide(context.header(), mpi, context.now(),
                context.callingAeTitle() != null && trusted.contains(context.callingAeTitle())
                        ? MissingIssuer.ASSUME_LOCAL : MissingIssuer.HOLD));
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
        return new Swap(context -> {
            DataSet header = context.header();
            Optional<String> linked = links.localIdOf(header.getString(Tag.SOPInstanceUID));
            return linked.isPresent() ? link.decide(header, mpi, linked.get(), context.now())
                    : importer.decide(header, context.now());
        });
    }

    @Override
    public Optional<RouteDecision> apply(RouteContext context) {
        SwapDecision d = decide.apply(context);
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
