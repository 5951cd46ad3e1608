package org.fhirportal.extensions.effect;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import java.util.Objects;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Appointment;

/**
 * Keeps {@code portal_effect_appointment} in step with the FHIR Appointments, in the transaction that writes them
 * (HAPI's pre-commit storage hooks, as {@code EngagementProjection} does): the patient, {@code start} and
 * {@code status} of every appointment with a patient participant and a start, so that the no-show outcome is read
 * from compact rows. An appointment that loses its patient or start leaves the table. Likewise the clinical facts
 * of the other outcomes ({@link EffectFacts}) in {@code portal_effect_fact}.
 */
@Interceptor
public class EffectProjection {

	private final EffectTables tables;

	EffectProjection(EffectTables tables) {
		this.tables = Objects.requireNonNull(tables, "tables");
	}

	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
	public void created(IBaseResource resource) {
		handleWritten(resource);
	}

	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED)
	public void updated(IBaseResource previous, IBaseResource resource) {
		handleWritten(resource);
	}

	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_DELETED)
	public void deleted(IBaseResource resource) {
		if (resource instanceof Appointment) {
			tables.deleteAppointment(ref(resource));
		} else if (EffectFacts.tracks(resource)) {
			tables.deleteFact(ref(resource));
		}
	}

	private void handleWritten(IBaseResource resource) {
		if (EffectFacts.tracks(resource)) {
			handleFact(resource);
			return;
		}
		if (!(resource instanceof Appointment appointment)) {
			return;
		}
		Optional<String> patient = appointment.getParticipant().stream()
				.map(p -> p.getActor().getReferenceElement())
				.filter(r -> "Patient".equals(r.getResourceType()))
				.map(r -> r.getIdPart()).findFirst();
		if (patient.isEmpty() || !appointment.hasStart() || !appointment.hasStatus()) {
			tables.deleteAppointment(ref(resource));
			return;
		}
		tables.upsertAppointment(new EffectTables.AppointmentRow(ref(resource), patient.get(), appointment.getStart().toInstant(),
				appointment.getStatus().toCode()));
	}

	private void handleFact(IBaseResource resource) {
		String ref = ref(resource);
		EffectFacts.of(ref, resource).ifPresentOrElse(tables::upsertFact, () -> tables.deleteFact(ref));
	}

	private static String ref(IBaseResource resource) {
		return resource.getIdElement().toUnqualifiedVersionless().getValue();
	}
}
