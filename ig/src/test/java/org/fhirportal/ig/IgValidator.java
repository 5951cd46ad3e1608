package org.fhirportal.ig;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import java.io.IOException;
import java.util.List;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.NpmPackageValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.UnknownCodeSystemWarningValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * HAPI's instance validator with the R4 core definitions and the portal's package, offline: the validator
 * a conforming client would use. Unknown code systems (LOINC, RxNorm, SNOMED CT: not expandable here) are
 * warnings, not errors. Building it is cheap; the first validation generates the profiles' snapshots (seconds).
 */
final class IgValidator {

	private final FhirValidator validator;

	IgValidator(FhirContext context) throws IOException {
		NpmPackageValidationSupport portalPackage = new NpmPackageValidationSupport(context);
		portalPackage.loadPackageFromClasspath("classpath:" + PortalIg.PACKAGE_CLASSPATH);
		ValidationSupportChain chain = new ValidationSupportChain(
				new DefaultProfileValidationSupport(context),
				portalPackage,
				new SnapshotGeneratingValidationSupport(context),
				new InMemoryTerminologyServerValidationSupport(context),
				new CommonCodeSystemsTerminologyService(context),
				new UnknownCodeSystemWarningValidationSupport(context));
		validator = context.newValidator().registerValidatorModule(new FhirInstanceValidator(chain));
	}

	/** The error and fatal messages of validating the resource against the profiles it declares. */
	List<SingleValidationMessage> errors(IBaseResource resource) {
		return validator.validateWithResult(resource).getMessages().stream()
				.filter(m -> m.getSeverity().ordinal() >= ResultSeverityEnum.ERROR.ordinal())
				.toList();
	}
}
