package org.fhirportal.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import com.nimbusds.jwt.JWTClaimsSet;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.fhirportal.server.support.PortalServerTest;
import org.fhirportal.server.support.RawHttp;
import org.fhirportal.server.support.TestOidcIssuer;
import org.fhirportal.server.support.TestResources;
import org.fhirportal.server.support.TokenClient;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * External issuer mode: the built-in authorization server is off, and the FHIR endpoint accepts the access tokens
 * of an external OpenID Connect issuer (a JWK Set served over real HTTP by {@link TestOidcIssuer}), maps their
 * SMART claims into the same access context, and publishes the issuer's endpoints for apps. No admin secret is
 * configured: the built-in server's admin client does not exist in this mode.
 */
@PortalServerTest(properties = {
		"smart.external.enabled=true",
		"smart.external.issuer-uri=" + TestOidcIssuer.ISSUER,
		"smart.external.authorization-endpoint=" + TestOidcIssuer.ISSUER + "/protocol/openid-connect/auth",
		"smart.external.token-endpoint=" + TestOidcIssuer.ISSUER + "/protocol/openid-connect/token",
		"smart.auth.admin.client-secret="
})
class ExternalIssuerTest {

	/** The issuer must serve its keys before the server starts; one per test class, stopped after it. */
	private static final TestOidcIssuer ISSUER = new TestOidcIssuer();

	@DynamicPropertySource
	static void issuerKeys(DynamicPropertyRegistry registry) {
		registry.add("smart.external.jwks-uri", ISSUER::jwksUri);
	}

	@AfterAll
	static void stopIssuer() {
		ISSUER.close();
	}

	@LocalServerPort
	int port;

	@Autowired
	FhirContext fhirContext;

	String root;
	String fhirBase;
	RawHttp system;
	String a;
	String b;
	String labA;
	String labB;

	@BeforeEach
	void setUp() {
		root = "http://127.0.0.1:" + port;
		fhirBase = root + "/fhir";
		system = new RawHttp(fhirBase, ISSUER.sign(ISSUER.claims(fhirBase, "ehr-backend").claim("scope", "system/*.cruds").build()));
		a = create(TestResources.patient("External"));
		b = create(TestResources.patient("Other"));
		labA = create(TestResources.glucose(new Reference("Patient/" + a), 101));
		labB = create(TestResources.glucose(new Reference("Patient/" + b), 102));
	}

	@Test
	void readWhenExternalTokenForPatientThenOwnDataServedAndOtherPatientNot() {
		RawHttp patient = new RawHttp(fhirBase, ISSUER.sign(patientClaims(a).claim("scope", "openid profile email launch/patient patient/*.rs").build()));

		assertThat(patient.get("/Patient/" + a).statusCode()).isEqualTo(200);
		assertThat(patient.get("/Observation/" + labA).statusCode()).isEqualTo(200);
		HttpResponse<String> search = patient.get("/Observation?_count=100");
		assertThat(search.statusCode()).isEqualTo(200);
		assertThat(search.body()).contains(labA).doesNotContain(labB);
		assertThat(patient.get("/Patient/" + b).statusCode()).isIn(403, 404);
		assertThat(patient.get("/Observation/" + labB).statusCode()).isIn(403, 404);
	}

	@Test
	void readWhenScopesInScpListClaimThenMappedLikeScope() {
		RawHttp patient = new RawHttp(fhirBase, ISSUER.sign(patientClaims(a).claim("scp", List.of("launch/patient", "patient/Observation.rs")).build()));

		assertThat(patient.get("/Observation/" + labA).statusCode()).isEqualTo(200);
		assertThat(patient.get("/Patient/" + a).statusCode()).isIn(403, 404); // no Patient scope granted
	}

	@Test
	void readWhenTokenNotAcceptableThenUnauthorizedWithOperationOutcome() {
		String scope = "launch/patient patient/*.rs";
		Map<String, String> tokens = new LinkedHashMap<>();
		tokens.put("wrong issuer", ISSUER.sign(patientClaims(a).claim("scope", scope).issuer("https://evil.example.test").build()));
		tokens.put("wrong audience", ISSUER.sign(patientClaims(a).claim("scope", scope).audience("https://other.example.test/fhir").build()));
		tokens.put("expired", ISSUER.sign(patientClaims(a).claim("scope", scope)
				.issueTime(Date.from(Instant.now().minusSeconds(900))).expirationTime(Date.from(Instant.now().minusSeconds(300))).build()));
		tokens.put("no expiry", ISSUER.sign(patientClaims(a).claim("scope", scope).expirationTime(null).build()));
		tokens.put("alg none", TestOidcIssuer.unsigned(patientClaims(a).claim("scope", scope).build()));
		tokens.put("unknown kid", ISSUER.signWithUnpublishedKey(patientClaims(a).claim("scope", scope).build()));
		tokens.put("malformed SMART scope", ISSUER.sign(patientClaims(a).claim("scope", "patient/Observation.launch").build()));

		SoftAssertions softly = new SoftAssertions();
		tokens.forEach((problem, token) -> {
			HttpResponse<String> response = new RawHttp(fhirBase, token).get("/Patient/" + a);
			softly.assertThat(response.statusCode()).as(problem).isEqualTo(401);
			softly.assertThat(response.body()).as(problem).contains("\"resourceType\":\"OperationOutcome\"");
			softly.assertThat(response.headers().firstValue("WWW-Authenticate")).as(problem).hasValueSatisfying(
					header -> assertThat(header).startsWith("Bearer"));
		});
		softly.assertAll();
	}

	@Test
	void discoveryWhenExternalIssuerThenSmartConfigurationAndCapabilityStatementNameItsEndpoints() {
		HttpResponse<String> smart = new RawHttp(fhirBase).get("/.well-known/smart-configuration");
		CapabilityStatement capabilities = fhirContext.newJsonParser().parseResource(CapabilityStatement.class,
				new RawHttp(fhirBase).get("/metadata").body());

		TokenClient json = new TokenClient(root);
		assertThat(smart.statusCode()).isEqualTo(200);
		assertThat(json.field(smart.body(), "issuer")).isEqualTo(TestOidcIssuer.ISSUER);
		assertThat(json.field(smart.body(), "authorization_endpoint")).isEqualTo(TestOidcIssuer.ISSUER + "/protocol/openid-connect/auth");
		assertThat(json.field(smart.body(), "token_endpoint")).isEqualTo(TestOidcIssuer.ISSUER + "/protocol/openid-connect/token");
		assertThat(json.field(smart.body(), "jwks_uri")).isEqualTo(ISSUER.jwksUri());
		Extension uris = capabilities.getRestFirstRep().getSecurity()
				.getExtensionByUrl("http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris");
		assertThat(uris.getExtensionString("authorize")).isEqualTo(TestOidcIssuer.ISSUER + "/protocol/openid-connect/auth");
		assertThat(uris.getExtensionString("token")).isEqualTo(TestOidcIssuer.ISSUER + "/protocol/openid-connect/token");
		assertThat(capabilities.getRestFirstRep().getSecurity().getServiceFirstRep().getCodingFirstRep().getCode()).isEqualTo("SMART-on-FHIR");
	}

	@Test
	void tokenEndpointWhenExternalIssuerThenBuiltInAuthorizationServerAbsent() {
		HttpResponse<String> jwks = new RawHttp(root).get("/oauth2/jwks");
		HttpResponse<String> token = new RawHttp(root).post("/oauth2/token", "application/x-www-form-urlencoded",
				"grant_type=client_credentials&client_id=portal-admin&client_secret=demo-admin-secret");

		assertThat(jwks.statusCode()).isEqualTo(404);
		assertThat(token.statusCode()).isIn(404, 405);
		assertThat(token.body()).doesNotContain("access_token");
	}

	private JWTClaimsSet.Builder patientClaims(String patientId) {
		return ISSUER.claims(fhirBase, "external-user-" + patientId).claim("patient", patientId)
				.claim("fhirUser", fhirBase + "/Patient/" + patientId);
	}

	private String create(Resource resource) {
		HttpResponse<String> created = system.post("/" + resource.fhirType(), "application/fhir+json",
				fhirContext.newJsonParser().encodeResourceToString(resource));
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		return URI.create(created.headers().firstValue("Location").orElseThrow()).getPath().split("/")[3];
	}
}
