package org.fhirportal.server.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import org.fhirportal.auth.user.JdbcPortalUsers;
import org.fhirportal.server.support.PortalSessions;
import org.fhirportal.server.support.PortalServerTest;
import org.fhirportal.server.support.RawHttp;
import org.fhirportal.server.support.TestResources;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** With the default release policy (nothing held), a new lab result is visible to the patient at once. */
@PortalServerTest
class ReleaseByDefaultTest {

	@LocalServerPort
	int port;
	@Autowired
	FhirContext fhirContext;
	@Autowired
	JdbcPortalUsers users;

	@Test
	void labResultWhenNothingIsHeldThenPatientSeesItAtOnce() {
		PortalSessions sessions = new PortalSessions(port, fhirContext, users);
		String patient = new WorkflowFixtures(sessions).patient();
		String lab = sessions.create(TestResources.glucose(new Reference("Patient/" + patient), 140));
		RawHttp patientFhir = sessions.patient(patient, "patient/Observation.rs");

		assertThat(patientFhir.get("/Observation/" + lab).statusCode()).isEqualTo(200);
		assertThat(sessions.parse(Bundle.class, patientFhir.get("/Observation?_summary=count")).getTotal()).isEqualTo(1);
	}
}
