package nl.zorgbrug.bgz.testscript;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationResult;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.support.UnknownCodeSystemWarningValidationSupport;
import ca.uhn.fhir.context.support.IValidationSupport;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * HAPI's instance validator with the shared zib2017 conformance resources (../shared/fhir-profiles/stu3-zib2017,
 * README there): the core STU3 definitions, the Nictiz profiles parsed file by file into a pre-populated support
 * (they are differential only, so snapshots are generated), in-memory terminology for what can be expanded locally.
 * SNOMED CT, LOINC and the G-Standaard are not available offline: codes from them cannot be checked here.
 */
public final class ProfileValidator {
    private final FhirValidator validator;

    public ProfileValidator(FhirContext ctx, Path profiles) {
        PrePopulatedValidationSupport nictiz = new PrePopulatedValidationSupport(ctx);
        try (Stream<Path> files = Files.walk(profiles)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".xml")).toList()) {
                IBaseResource r = ctx.newXmlParser().parseResource(Files.readString(f, StandardCharsets.UTF_8));
                nictiz.addResource(r);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the zib2017 profiles in " + profiles, e);
        }
        ValidationSupportChain chain = new ValidationSupportChain(new DefaultProfileValidationSupport(ctx), nictiz,
                new SnapshotGeneratingValidationSupport(ctx), new InMemoryTerminologyServerValidationSupport(ctx),
                new CommonCodeSystemsTerminologyService(ctx), unknownCodeSystemsWarn(ctx));
        FhirInstanceValidator module = new FhirInstanceValidator(chain);
        validator = ctx.newValidator().registerValidatorModule(module);
    }

    /** HAPI's way to say that a code system it does not have is a warning, not an error (no terminology server). */
    private static UnknownCodeSystemWarningValidationSupport unknownCodeSystemsWarn(FhirContext ctx) {
        UnknownCodeSystemWarningValidationSupport s = new UnknownCodeSystemWarningValidationSupport(ctx);
        s.setNonExistentCodeSystemSeverity(IValidationSupport.IssueSeverity.WARNING);
        return s;
    }

    /**
     * What the validator finds: the errors that count, and those that only say something could not be checked
     * here (see {@link Offline}). Both are kept, so the test can show the second kind instead of hiding it.
     */
    public record Findings(List<String> errors, List<String> uncheckable) {
    }

    public Findings validate(IBaseResource resource) {
        ValidationResult result = validator.validateWithResult(resource);
        List<SingleValidationMessage> errors = result.getMessages().stream()
                .filter(m -> m.getSeverity() == ResultSeverityEnum.ERROR || m.getSeverity() == ResultSeverityEnum.FATAL)
                .toList();
        Set<String> unavailableSystems = new HashSet<>();
        for (SingleValidationMessage m : errors) {
            Matcher u = Offline.UNAVAILABLE_SYSTEM.matcher(m.getMessage());
            if (u.find()) {
                unavailableSystems.add(u.group(1));
            }
        }
        List<String> count = new ArrayList<>();
        List<String> uncheckable = new ArrayList<>();
        Set<String> entriesUncheckable = new HashSet<>();
        Set<String> entriesFailing = new HashSet<>();
        List<SingleValidationMessage> profileMatches = new ArrayList<>();
        for (SingleValidationMessage m : errors) {
            if (Offline.NO_PROFILE_MATCH.matcher(m.getMessage()).find()) {
                profileMatches.add(m);
                continue;
            }
            boolean offline = Offline.cannotBeChecked(m.getMessage(), unavailableSystems);
            (offline ? uncheckable : count).add(describe(m));
            String entry = Offline.entryOf(m.getLocationString());
            if (entry != null) {
                (offline ? entriesUncheckable : entriesFailing).add(entry);
            }
        }
        // "No profile match" for a reference to an entry whose only errors are uncheckable ones follows from those.
        for (SingleValidationMessage m : profileMatches) {
            Matcher target = Offline.NO_PROFILE_MATCH.matcher(m.getMessage());
            target.find();
            String ref = target.group(1);
            boolean consequence = entriesUncheckable.contains(ref) && !entriesFailing.contains(ref);
            (consequence ? uncheckable : count).add(describe(m));
        }
        return new Findings(count, uncheckable);
    }

    /**
     * What cannot be checked on a machine without a terminology server and without the BgZ MSZ 2.0 profiles
     * (../shared/fhir-profiles/README.md: SNOMED CT, LOINC, ATC, G-Standaard and the Nictiz OID code systems are
     * not in the shared set; BgZ-Patient, BgZ-Problem and BgZ-Metadata are published only outside GitHub). Exactly
     * these messages, nothing broader: a code that is wrong in a code system we do have still fails.
     */
    static final class Offline {
        static final Pattern UNAVAILABLE_SYSTEM = Pattern.compile(
                "(?:CodeSystem is unknown and can't be validated: |Unable to expand ValueSet because CodeSystem "
                        + "(?:has CodeSystem.content=not-present but contents were not found|could not be found): )"
                        + "(\\S+?)(?: for |$)");
        private static final Pattern MISSING_BGZ_PROFILE = Pattern.compile("Profile reference 'http://nictiz.nl/fhir/"
                + "StructureDefinition/BgZ-(?:Patient|Problem|Metadata)' has not been checked because it could not "
                + "be found");
        private static final Pattern NOT_IN_VALUE_SET = Pattern.compile(
                "The Coding provided \\(([^#]+)#[^)]*\\) was not found in the value set");

        static final Pattern NO_PROFILE_MATCH = Pattern.compile(
                "Unable to find a profile match for (\\S+) among choices");
        private static final Pattern ENTRY = Pattern.compile("^Bundle\\.entry\\[\\d+\\]\\.resource/\\*([^*]+)\\*/");

        /** The {@code Type/id} of the Bundle entry a location is in, or null. */
        static String entryOf(String location) {
            Matcher m = ENTRY.matcher(location == null ? "" : location);
            return m.find() ? m.group(1) : null;
        }

        static boolean cannotBeChecked(String message, Set<String> unavailableSystems) {
            if (UNAVAILABLE_SYSTEM.matcher(message).find() || MISSING_BGZ_PROFILE.matcher(message).find()) {
                return true;
            }
            Matcher m = NOT_IN_VALUE_SET.matcher(message);
            return m.find() && unavailableSystems.contains(m.group(1));
        }
    }

    private static String describe(SingleValidationMessage m) {
        return m.getSeverity() + " " + m.getLocationString() + ": " + m.getMessage();
    }
}
