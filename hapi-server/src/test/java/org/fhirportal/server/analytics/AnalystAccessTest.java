package org.fhirportal.server.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.net.http.HttpResponse;
import org.fhirportal.auth.user.JdbcPortalUsers;
import org.fhirportal.server.support.PortalServerTest;
import org.fhirportal.server.support.PortalSessions;
import org.fhirportal.server.support.RawHttp;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * What an analyst account (role ANALYST, no FHIR identity) reaches with a real user-level token: the aggregate
 * {@code $engagement} report, and nothing of any patient, not even the raw audit trail or an access log; and that a
 * patient's token, even one granted {@code user/AuditEvent.rs}, never reaches the report.
 */
@PortalServerTest
class AnalystAccessTest {

	@LocalServerPort
	int port;
	@Autowired
	FhirContext fhirContext;
	@Autowired
	JdbcPortalUsers users;

	PortalSessions sessions;
	String patientId;
	String observationId;

	@BeforeEach
	void patientWithAResult() {
		sessions = new PortalSessions(port, fhirContext, users);
		patientId = sessions.create(new Patient().addName(new org.hl7.fhir.r4.model.HumanName().setFamily("Analysed")));
		Observation glucose = new Observation().setStatus(Observation.ObservationStatus.FINAL).setSubject(new Reference("Patient/" + patientId));
		glucose.getCode().setText("Glucose");
		observationId = sessions.create(glucose);
	}

	@Test
	void engagementWhenAnalystUserTokenThenReportServed() {
		RawHttp analyst = sessions.analyst("user/AuditEvent.rs");

		HttpResponse<String> report = analyst.get("/$engagement?cohort-by=gender", "Accept", "application/fhir+json");

		assertThat(report.statusCode()).as(report.body()).isEqualTo(200);
		assertThat(report.body()).contains("\"resourceType\":\"Parameters\"").contains("active-patients").doesNotContain("Patient/" + patientId);
	}

	@Test
	void clinicalDataAndRawAuditTrailWhenAnalystThenRefused() {
		// an app that asked for too much: user-level reads of clinical data next to the audit scope
		RawHttp analyst = sessions.analyst("user/AuditEvent.rs user/Observation.rs user/Patient.rs");

		HttpResponse<String> patient = analyst.get("/Patient/" + patientId);
		HttpResponse<String> observations = analyst.get("/Observation?patient=" + patientId);
		HttpResponse<String> observation = analyst.get("/Observation/" + observationId);
		HttpResponse<String> auditEvents = analyst.get("/AuditEvent?patient=" + patientId);
		HttpResponse<String> accessLog = analyst.get("/Patient/" + patientId + "/$access-log");

		assertThat(patient.statusCode()).as(patient.body()).isIn(403, 404);
		assertThat(observations.statusCode()).as(observations.body()).isEqualTo(403);
		assertThat(observation.statusCode()).as(observation.body()).isIn(403, 404);
		assertThat(auditEvents.statusCode()).as(auditEvents.body()).isEqualTo(403);
		assertThat(accessLog.statusCode()).as(accessLog.body()).isEqualTo(403);
		assertThat(auditEvents.body()).contains("OperationOutcome");
	}

	@Test
	void engagementWhenPatientTokenThenForbiddenEvenWithAuditScope() {
		RawHttp patient = sessions.patient(patientId, "patient/*.rs user/AuditEvent.rs");

		HttpResponse<String> report = patient.get("/$engagement", "Accept", "application/fhir+json");

		assertThat(report.statusCode()).as(report.body()).isEqualTo(403);
		assertThat(report.body()).contains("OperationOutcome");
	}
}
