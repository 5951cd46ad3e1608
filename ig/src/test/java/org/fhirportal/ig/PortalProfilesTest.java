package org.fhirportal.ig;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.validation.SingleValidationMessage;
import java.io.IOException;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The profiles constrain what they say: each broken variant of an example fails, naming the element or rule. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PortalProfilesTest {

	private final FhirContext context = FhirContext.forR4Cached();
	private final IgPackage ig = IgPackage.load(context);
	private IgValidator validator;

	@BeforeAll
	void buildValidator() throws IOException {
		validator = new IgValidator(context);
	}

	@Test
	void messageWhenSubjectMissingThenErrorOnSubject() {
		Communication message = example(Communication.class, "portal-message-example");
		message.setSubject(null);

		assertThat(messages(validator.errors(message))).anyMatch(m -> m.contains("Communication.subject"));
	}

	@Test
	void refillRequestWhenStatusDraftThenErrorOnStatus() {
		Task refill = example(Task.class, "portal-refill-request-example");
		refill.setStatus(Task.TaskStatus.DRAFT);

		assertThat(locations(validator.errors(refill))).anyMatch(l -> l.startsWith("Task.status"));
	}

	@Test
	void refillRequestWhenFocusMissingThenErrorOnFocus() {
		Task refill = example(Task.class, "portal-refill-request-example");
		refill.setFocus(null);

		assertThat(messages(validator.errors(refill))).anyMatch(m -> m.contains("Task.focus"));
	}

	@Test
	void appointmentWhenBookedWithoutSlotThenBookedRuleFails() {
		Appointment appointment = example(Appointment.class, "portal-appointment-example");
		appointment.getSlot().clear();

		assertThat(messages(validator.errors(appointment))).anyMatch(m -> m.contains("portal-appointment-2"));
	}

	@Test
	void appointmentWhenPatientNotAParticipantThenPatientRuleFails() {
		Appointment appointment = example(Appointment.class, "portal-appointment-example");
		appointment.getParticipant().remove(0);

		assertThat(messages(validator.errors(appointment))).anyMatch(m -> m.contains("portal-appointment-1"));
	}

	@Test
	void readAuditWhenSearchRecordsNoQueryThenQueryRuleFails() {
		AuditEvent audit = example(AuditEvent.class, "read-audit-search-example");
		audit.getEntity().removeIf(entity -> "24".equals(entity.getRole().getCode()));

		assertThat(messages(validator.errors(audit))).anyMatch(m -> m.contains("portal-read-1"));
	}

	@Test
	void readAuditWhenServerAgentMissingThenSliceCardinalityFails() {
		AuditEvent audit = example(AuditEvent.class, "read-audit-read-example");
		audit.getAgent().removeIf(agent -> "110152".equals(agent.getType().getCodingFirstRep().getCode()));

		assertThat(messages(validator.errors(audit))).anyMatch(m -> m.contains("server"));
	}

	@Test
	void signInAuditWhenSuccessfulWithoutUserThenUserRuleFails() {
		AuditEvent audit = example(AuditEvent.class, "sign-in-audit-example");
		audit.getAgent().forEach(agent -> agent.setWho(null));

		assertThat(messages(validator.errors(audit))).anyMatch(m -> m.contains("portal-sign-in-1"));
	}

	private <T extends IBaseResource> T example(Class<T> type, String id) {
		return ig.examples().stream()
				.filter(type::isInstance)
				.filter(example -> example.getIdElement().getIdPart().equals(id))
				.map(type::cast)
				.findFirst()
				.orElseThrow(() -> new AssertionError("no example " + id + " in the package"));
	}

	private static List<String> locations(List<SingleValidationMessage> errors) {
		return errors.stream().map(SingleValidationMessage::getLocationString).toList();
	}

	private static List<String> messages(List<SingleValidationMessage> errors) {
		return errors.stream().map(e -> e.getLocationString() + ": " + e.getMessage()).toList();
	}
}
