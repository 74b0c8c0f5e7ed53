package nl.zorgbrug.bgz.r4;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.UnknownCodeSystemWarningValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import java.util.regex.Matcher;

import ca.uhn.fhir.context.support.ConceptValidationOptions;
import ca.uhn.fhir.context.support.ValidationSupportContext;
import ca.uhn.fhir.fhirpath.IFhirPath;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;

/**
 * HAPI's instance validator (R4) with the shared zib2020 conformance resources (../shared/fhir-profiles/r4-zib2020,
 * the nl-core and zib packages, README there): core R4 definitions, the Nictiz files parsed into a pre-populated
 * support, snapshots generated (the files are differential only), in-memory terminology. SNOMED CT, LOINC and the
 * G-Standaard are not available offline: a code system we do not have is a warning, as HAPI's own support says.
 */
final class Zib2020Validator {
    /**
     * The Medication Process 9 3.0 profiles (mp-*) are zib2020's medication zibs, but not in the shared package:
     * HAPI says it could not check them. Exactly that message for exactly those profiles, nothing broader.
     */
    static final Pattern MP9_PROFILE_ABSENT = Pattern.compile("(?:Profile reference '|Invalid profile\\. Failed to "
            + "retrieve profile with url=)http://nictiz.nl/fhir/StructureDefinition/mp-[A-Za-z0-9]+(?:' has not been "
            + "checked because it could not be found|$)");

    /**
     * The code systems not available offline (../shared/fhir-profiles/README.md: "SNOMED CT, LOINC, G-Standaard and
     * the like are not included"): SNOMED CT, LOINC, ATC and the G-Standaard's tables (Z-Index, urn:oid 2.16.840.1.
     * 113883.2.4.4.*). A value set drawn from them cannot be expanded, and a code of theirs cannot be looked up.
     */
    private static final String OFFLINE_SYSTEM = "(?:http://snomed\\.info/sct|http://loinc\\.org|http://www\\.whocc\\.no/atc"
            + "|urn:oid:2\\.16\\.840\\.1\\.113883\\.2\\.4\\.4\\.[0-9.]+)";
    static final List<Pattern> OFFLINE = List.of(
            Pattern.compile("Unable to expand ValueSet: cannot apply filters '.*' because CodeSystem '"
                    + OFFLINE_SYSTEM + "' is ignored/not-present"),
            Pattern.compile("Unable to expand ValueSet because CodeSystem has CodeSystem\\.content=not-present but "
                    + "contents were not found: " + OFFLINE_SYSTEM + "$"),
            Pattern.compile("None of the codings provided are in the value set .*\\(codes = " + OFFLINE_SYSTEM
                    + "#[^,)]+\\)$"),
            Pattern.compile("^Validation failed \\(for '" + OFFLINE_SYSTEM + "#[^']+'\\)$"));
    /** HAPI's message when a value set cannot be expanded, without naming the code system: checked at the element. */
    private static final Pattern NOT_IN_VALUE_SET = Pattern.compile(
            "None of the codings provided are in the value set '[^']*' \\(([^|)]+)");
    private static final Pattern UNEXPANDABLE = Pattern.compile("^Unable to expand value set$");
    private static final Pattern OFFLINE_ONLY = Pattern.compile("^" + OFFLINE_SYSTEM + "$");

    record Findings(List<String> errors, List<String> uncheckable, List<String> warnings) {
    }

    private final FhirValidator validator;
    private final IFhirPath fhirPath;
    private final ValidationSupportChain chain;

    Zib2020Validator(FhirContext ctx, Path profiles) {
        PrePopulatedValidationSupport nictiz = new PrePopulatedValidationSupport(ctx);
        try (Stream<Path> files = Files.walk(profiles)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".xml")).sorted().toList()) {
                nictiz.addResource(ctx.newXmlParser().parseResource(Files.readString(f, StandardCharsets.UTF_8)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the zib2020 profiles in " + profiles, e);
        }
        UnknownCodeSystemWarningValidationSupport unknown = new UnknownCodeSystemWarningValidationSupport(ctx);
        unknown.setNonExistentCodeSystemSeverity(IValidationSupport.IssueSeverity.WARNING);
        chain = new ValidationSupportChain(new DefaultProfileValidationSupport(ctx), nictiz,
                new SnapshotGeneratingValidationSupport(ctx), new InMemoryTerminologyServerValidationSupport(ctx),
                new CommonCodeSystemsTerminologyService(ctx), unknown);
        validator = ctx.newValidator().registerValidatorModule(new FhirInstanceValidator(chain));
        fhirPath = ctx.newFhirPath();
    }

    /**
     * "None of the codings provided are in the value set" for a concept that also holds codes of a system not
     * available offline: HAPI then judges the concept as a whole and fails. Each coding of a system we have is checked
     * against the value set on its own; when one is in it, the required binding holds and the message says only that
     * the offline codes could not be looked up. When all codings are offline, nothing could be checked.
     */
    private boolean bindingHoldsButForOfflineCodes(IBaseResource resource, SingleValidationMessage m) {
        Matcher vs = NOT_IN_VALUE_SET.matcher(m.getMessage());
        if (!vs.find()) {
            return false;
        }
        List<Coding> codings = codingsAt(resource, m.getLocationString());
        if (codings.isEmpty()) {
            return false;
        }
        for (Coding c : codings) {
            if (c.getSystem() == null || OFFLINE_ONLY.matcher(c.getSystem()).matches()) {
                continue;
            }
            IValidationSupport.CodeValidationResult r = chain.validateCode(new ValidationSupportContext(chain),
                    new ConceptValidationOptions(), c.getSystem(), c.getCode(), null, vs.group(1));
            if (r != null && r.isOk()) {
                return true;
            }
        }
        return codings.stream().allMatch(x -> x.getSystem() != null && OFFLINE_ONLY.matcher(x.getSystem()).matches());
    }

    private List<Coding> codingsAt(IBaseResource resource, String location) {
        List<IBase> found;
        try {
            found = fhirPath.evaluate(resource, location, IBase.class);
        } catch (RuntimeException e) {
            return List.of();
        }
        List<Coding> codings = new java.util.ArrayList<>();
        for (IBase b : found) {
            if (b instanceof CodeableConcept cc) {
                codings.addAll(cc.getCoding());
            } else if (b instanceof Coding c) {
                codings.add(c);
            }
        }
        return codings;
    }

    /**
     * Whether every coding at {@code location} is from a code system not available offline: then "Unable to expand
     * value set" there says only that the value set draws on such a system.
     */
    private boolean onlyOfflineCodings(IBaseResource resource, String location) {
        List<Coding> codings = codingsAt(resource, location);
        return !codings.isEmpty() && codings.stream().allMatch(c -> c.getSystem() != null
                && OFFLINE_ONLY.matcher(c.getSystem()).matches());
    }

    Findings validate(IBaseResource resource) {
        List<SingleValidationMessage> messages = validator.validateWithResult(resource).getMessages();
        List<String> errors = new java.util.ArrayList<>();
        List<String> uncheckable = new java.util.ArrayList<>();
        List<String> warnings = new java.util.ArrayList<>();
        for (SingleValidationMessage m : messages) {
            String text = m.getLocationString() + ": " + m.getMessage();
            if (m.getSeverity() == ResultSeverityEnum.ERROR || m.getSeverity() == ResultSeverityEnum.FATAL) {
                boolean offline = MP9_PROFILE_ABSENT.matcher(m.getMessage()).find()
                        || OFFLINE.stream().anyMatch(p -> p.matcher(m.getMessage()).find())
                        || UNEXPANDABLE.matcher(m.getMessage()).find()
                        && onlyOfflineCodings(resource, m.getLocationString())
                        || bindingHoldsButForOfflineCodes(resource, m);
                (offline ? uncheckable : errors).add(text);
            } else if (m.getSeverity() == ResultSeverityEnum.WARNING) {
                warnings.add(text);
            }
        }
        return new Findings(errors, uncheckable, warnings);
    }
}
