package org.fhirportal.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.fhirportal.auth.user.JdbcPortalUsers;
import org.fhirportal.auth.user.PortalRole;
import org.fhirportal.server.support.Await;
import org.fhirportal.server.support.PortalServerTest;
import org.fhirportal.server.support.RawHttp;
import org.fhirportal.server.support.SmartAppLaunch;
import org.fhirportal.server.support.TestResources;
import org.fhirportal.server.support.TokenClient;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Compartment search ({@code GET /fhir/Patient/{id}/Observation}, FHIR R4 REST search in a compartment) over HTTP:
 * the compartment's resources for the patient's own token and for a backend token (by any of the compartment's
 * parameters, the performer's too), another patient's compartment
 * refused as a read of their data is (404), {@code _include}, paging and the audit record of an ordinary search.
 */
@PortalServerTest
class CompartmentSearchTest {

	private static final String PASSWORD = "correct horse battery staple";
	private static final String SCOPE = "openid fhirUser launch/patient patient/*.rs";

	@LocalServerPort
	int port;


	@Autowired
	JdbcPortalUsers users;

	@Autowired
	FhirContext fhirContext;

	String mine;
	String theirs;
	List<String> myObservations = new ArrayList<>();
	String theirObservation;
	RawHttp adminFhir;
	RawHttp auditor;
	RawHttp patientFhir;

	@BeforeEach
	void setUp() {
		String root = "http://127.0.0.1:" + port;
		TokenClient tokens = new TokenClient(root);
		adminFhir = new RawHttp(root + "/fhir", tokens.adminToken("system/*.cruds"));
		auditor = new RawHttp(root + "/fhir", tokens.adminToken("system/AuditEvent.rs"));
		mine = TestApps.createPatient(adminFhir, "Compartment");
		theirs = TestApps.createPatient(adminFhir, "Elsewhere");
		for (int i = 0; i < 2; i++) {
			myObservations.add(createLab(mine, 90 + i));
		}
		theirObservation = createLab(theirs, 140);
		String username = TestResources.unique("patient");
		users.save(username, PASSWORD, PortalRole.PATIENT, "Patient/" + mine, "Compartment Patient");
		// (as in PatientAccessControlTest: the public app is saved in the repository, the launch itself is real)
		String clientId = TestApps.registerPublicApp(root, List.of(SCOPE.split(" ")));
		HttpResponse<String> token = new SmartAppLaunch(root, clientId).launch(username, PASSWORD, SCOPE);
		patientFhir = new RawHttp(root + "/fhir", tokens.field(token.body(), "access_token"));
	}

	@Test
	void compartmentSearchWhenOwnCompartmentThenThePatientsObservations() {
		HttpResponse<String> response = patientFhir.get("/Patient/" + mine + "/Observation?_count=50");

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(ids(response, "Observation")).containsExactlyInAnyOrderElementsOf(myObservations);
	}

	@Test
	void compartmentSearchWhenOtherPatientsCompartmentThenNotFoundAsTheirRead() {
		HttpResponse<String> compartment = patientFhir.get("/Patient/" + theirs + "/Observation");
		HttpResponse<String> read = patientFhir.get("/Patient/" + theirs);

		assertThat(compartment.statusCode()).as(compartment.body()).isEqualTo(read.statusCode()).isEqualTo(404);
		assertThat(compartment.body()).contains("OperationOutcome").doesNotContain(theirObservation);
	}

	@Test
	void compartmentSearchWhenBackendTokenThenAnyPatientsCompartment() {
		HttpResponse<String> response = adminFhir.get("/Patient/" + theirs + "/Observation");

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(ids(response, "Observation")).containsExactly(theirObservation);
	}

	@Test
	void compartmentSearchWhenBackendTokenAndPatientIsPerformerOnlyThenInTheCompartment() {
		Observation performed = TestResources.glucose(new Reference("Patient/" + theirs), 101);
		performed.addPerformer(new Reference("Patient/" + mine));
		HttpResponse<String> created = adminFhir.post("/Observation", "application/fhir+json",
				fhirContext.newJsonParser().encodeResourceToString(performed));
		String performedId = URI.create(created.headers().firstValue("Location").orElseThrow()).getPath().split("/")[3];

		HttpResponse<String> backend = adminFhir.get("/Patient/" + mine + "/Observation?_count=50");

		assertThat(backend.statusCode()).as(backend.body()).isEqualTo(200);
		assertThat(ids(backend, "Observation")).containsExactlyInAnyOrder(myObservations.get(0), myObservations.get(1), performedId);
	}

	@Test
	void compartmentSearchWhenIncludeSubjectThenThePatientIncluded() {
		HttpResponse<String> response = patientFhir.get("/Patient/" + mine + "/Observation?_include=Observation:subject");

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(ids(response, "Patient")).containsExactly(mine);
		assertThat(ids(response, "Observation")).containsExactlyInAnyOrderElementsOf(myObservations);
	}

	@Test
	void compartmentSearchWhenPagedThenNextLinkGivesTheRest() {
		HttpResponse<String> first = patientFhir.get("/Patient/" + mine + "/Observation?_count=1");
		String next = bundle(first).getLink(Bundle.LINK_NEXT).getUrl();
		HttpResponse<String> second = patientFhir.send(HttpRequest.newBuilder(URI.create(next)).GET().build());

		assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
		List<String> seen = new ArrayList<>(ids(first, "Observation"));
		seen.addAll(ids(second, "Observation"));
		assertThat(seen).containsExactlyInAnyOrderElementsOf(myObservations);
	}

	@Test
	void compartmentSearchWhenAnsweredThenAuditedAsASearch() {
		assertThat(patientFhir.get("/Patient/" + mine + "/Observation").statusCode()).isEqualTo(200);

		String returned = "Observation/" + myObservations.get(0);
		Bundle audits = Await.until("an audit record of the compartment search", Duration.ofSeconds(20), () -> {
			Bundle found = bundle(auditor.get("/AuditEvent?returned-resource=" + returned + "&subtype=search-type"));
			return found.getEntry().isEmpty() ? Optional.empty() : Optional.of(found);
		});
		assertThat(audits.getEntry()).isNotEmpty();
	}

	private String createLab(String patientId, double value) {
		String body = fhirContext.newJsonParser().encodeResourceToString(TestResources.glucose(new Reference("Patient/" + patientId), value));
		HttpResponse<String> created = adminFhir.post("/Observation", "application/fhir+json", body);
		return URI.create(created.headers().firstValue("Location").orElseThrow()).getPath().split("/")[3];
	}

	private Bundle bundle(HttpResponse<String> response) {
		return fhirContext.newJsonParser().parseResource(Bundle.class, response.body());
	}

	private List<String> ids(HttpResponse<String> response, String type) {
		return bundle(response).getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
				.filter(r -> r.fhirType().equals(type)).map(r -> r.getIdElement().getIdPart()).toList();
	}
}
