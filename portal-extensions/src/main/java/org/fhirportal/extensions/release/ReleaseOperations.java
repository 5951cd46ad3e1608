package org.fhirportal.extensions.release;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.fhirportal.extensions.access.AccessReach;
import org.fhirportal.extensions.access.AccessReachResolver;
import org.fhirportal.extensions.access.AccessReaches;
import org.fhirportal.auth.scope.Permission;
import org.fhirportal.extensions.workflow.Caller;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Meta;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;
import org.springframework.context.ApplicationEventPublisher;

/**
 * {@code [Observation|DiagnosticReport|DocumentReference]/[id]/$release} (OperationDefinition release): a clinician
 * (a practitioner user or a backend client with update scopes on the type) releases a held result to the patient
 * by removing its {@link ReleasePolicy#HELD} label; releasing a DiagnosticReport releases its result Observations
 * too. Releasing a result that is not held changes nothing. Returns the released resource. Each result released
 * is announced as {@link ResultsReleased}.
 */
public final class ReleaseOperations {

	private final DaoRegistry daos;
	private final Optional<AccessReachResolver> reach;
	private final ApplicationEventPublisher events;

	ReleaseOperations(DaoRegistry daos, Optional<AccessReachResolver> reach, ApplicationEventPublisher events) {
		this.daos = Objects.requireNonNull(daos, "daos");
		this.reach = Objects.requireNonNull(reach, "reach");
		this.events = Objects.requireNonNull(events, "events");
	}

	@Operation(name = "$release", type = Observation.class)
	public Observation releaseObservation(@IdParam IdType id) {
		return (Observation) release(id.withResourceType("Observation"));
	}

	@Operation(name = "$release", type = DiagnosticReport.class)
	public DiagnosticReport releaseReport(@IdParam IdType id) {
		DiagnosticReport report = (DiagnosticReport) release(id.withResourceType("DiagnosticReport"));
		for (Reference result : report.getResult()) {
			IdType observation = new IdType(result.getReference());
			if ("Observation".equals(observation.getResourceType()) && observation.hasIdPart()) {
				removeLabel(new IdType("Observation", observation.getIdPart()));
			}
		}
		return report;
	}

	@Operation(name = "$release", type = DocumentReference.class)
	public DocumentReference releaseDocument(@IdParam IdType id) {
		return (DocumentReference) release(id.withResourceType("DocumentReference"));
	}

	private IBaseResource release(IdType id) {
		Caller caller = Caller.current();
		if (!caller.isStaff()) {
			throw new ForbiddenOperationException("Only clinicians release results to patients");
		}
		caller.require(id.getResourceType(), Permission.UPDATE);
		requireWithinReach(caller, id);
		return removeLabel(id);
	}

	/**
	 * A clinician releases only results of patients they reach (their care relationships, or everyone under the
	 * "all patients" policy or with a system scope); any other result answers as unknown, as reads do.
	 */
	private void requireWithinReach(Caller caller, IdType id) {
		if (reach.isEmpty()) {
			return;
		}
		AccessReaches reaches = reach.get().resolve(caller.access());
		boolean everywhere = caller.access().scopes().resourceScopes().stream()
				.filter(scope -> !scope.isGranular() && scope.covers(scope.context(), id.getResourceType(), Permission.UPDATE))
				.map(scope -> reaches.of(scope.context()))
				.anyMatch(AccessReach::everywhere);
		if (everywhere) {
			return;
		}
		Set<String> patients = caller.access().scopes().resourceScopes().stream()
				.filter(scope -> !scope.isGranular() && scope.covers(scope.context(), id.getResourceType(), Permission.UPDATE))
				.flatMap(scope -> reaches.of(scope.context()).patientIds().stream())
				.collect(Collectors.toSet());
		IBaseResource resource;
		try {
			resource = daos.getResourceDao(id.getResourceType()).read(id.toUnqualifiedVersionless(), new SystemRequestDetails());
		} catch (ca.uhn.fhir.rest.server.exceptions.ResourceGoneException gone) {
			throw new ResourceNotFoundException(id.toUnqualifiedVersionless());
		}
		if (patientOf(resource).filter(patients::contains).isEmpty()) {
			throw new ResourceNotFoundException(id.toUnqualifiedVersionless());
		}
	}

	/** The id of the Patient the result is about, if its subject is a Patient. */
	private static Optional<String> patientOf(IBaseResource resource) {
		Reference subject = null;
		if (resource instanceof Observation observation) {
			subject = observation.getSubject();
		} else if (resource instanceof DiagnosticReport report) {
			subject = report.getSubject();
		} else if (resource instanceof DocumentReference document) {
			subject = document.getSubject();
		}
		IdType patient = subject == null || !subject.hasReference() ? null : new IdType(subject.getReference());
		return patient != null && "Patient".equals(patient.getResourceType()) ? Optional.of(patient.getIdPart()) : Optional.empty();
	}

	private IBaseResource removeLabel(IdType id) {
		IFhirResourceDao<IBaseResource> dao = daos.getResourceDao(id.getResourceType());
		IBaseResource resource;
		try {
			resource = dao.read(id.toUnqualifiedVersionless(), new SystemRequestDetails());
		} catch (ca.uhn.fhir.rest.server.exceptions.ResourceGoneException gone) {
			throw new ResourceNotFoundException(id.toUnqualifiedVersionless());
		}
		if (!ReleasePolicy.isHeld(resource)) {
			return resource;
		}
		Meta held = new Meta();
		held.addSecurity(ReleasePolicy.HELD.copy());
		dao.metaDeleteOperation(id.toUnqualifiedVersionless(), held, new SystemRequestDetails());
		IBaseResource released = dao.read(id.toUnqualifiedVersionless(), new SystemRequestDetails());
		patientOf(released).ifPresent(patient -> events.publishEvent(new ResultsReleased(patient, id.toUnqualifiedVersionless().getValue())));
		return released;
	}
}
