package org.fhirportal.server.ig;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.fhirportal.ig.PortalIg;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;

/** Which writes are portal writes: declared, recognised by their content, or left alone. */
class PortalProfileSelectorTest {

	private final PortalProfileSelector selector = new PortalProfileSelector(Map.of(
			PortalIg.MESSAGE_PROFILE, "Communication",
			PortalIg.REFILL_REQUEST_PROFILE, "Task",
			PortalIg.APPOINTMENT_PROFILE, "Appointment"));

	@Test
	void appointmentWhenDeclaringThePortalProfileThenRequiresIt() {
		Appointment appointment = new Appointment();
		appointment.getMeta().addProfile(PortalIg.APPOINTMENT_PROFILE);

		assertThat(selector.requiredProfile(appointment)).contains(PortalIg.APPOINTMENT_PROFILE);
	}

	@Test
	void appointmentWhenDeclaringAVersionedPortalProfileThenRequiresIt() {
		Appointment appointment = new Appointment();
		appointment.getMeta().addProfile(PortalIg.APPOINTMENT_PROFILE + "|0.1.0");

		assertThat(selector.requiredProfile(appointment)).contains(PortalIg.APPOINTMENT_PROFILE);
	}

	@Test
	void appointmentWhenPlainFromAnEhrThenLeftAlone() {
		Appointment appointment = new Appointment();
		appointment.getMeta().addProfile("http://hl7.org/fhir/us/core/StructureDefinition/us-core-appointment");

		assertThat(selector.requiredProfile(appointment)).isEmpty();
	}

	@Test
	void taskWhenCodedAsRefillRequestThenRequiresTheRefillProfile() {
		Task task = new Task();
		task.getCode().addCoding(new Coding(PortalIg.TASK_CODE_SYSTEM, PortalIg.REFILL_REQUEST_CODE, null));

		assertThat(selector.requiredProfile(task)).contains(PortalIg.REFILL_REQUEST_PROFILE);
	}

	@Test
	void taskWhenOtherCodeThenLeftAlone() {
		Task task = new Task();
		task.getCode().addCoding(new Coding("http://hl7.org/fhir/CodeSystem/task-code", "fulfill", null));

		assertThat(selector.requiredProfile(task)).isEmpty();
	}

	@Test
	void messageWhenSentByPatientOrCaregiverThenRequiresTheMessageProfile() {
		Communication fromPatient = new Communication().setSender(new Reference("Patient/1"));
		Communication fromCaregiver = new Communication().setSender(new Reference("http://example.org/fhir/RelatedPerson/7"));

		assertThat(selector.requiredProfile(fromPatient)).contains(PortalIg.MESSAGE_PROFILE);
		assertThat(selector.requiredProfile(fromCaregiver)).contains(PortalIg.MESSAGE_PROFILE);
	}

	@Test
	void messageWhenSentByTheClinicWithoutDeclarationThenLeftAlone() {
		Communication notice = new Communication().setSender(new Reference("Practitioner/2"));

		assertThat(selector.requiredProfile(notice)).isEmpty();
	}
}
