package org.fhirportal.server.access;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.fhirportal.auth.user.JdbcPortalUsers;
import org.fhirportal.auth.user.PortalRole;
import org.fhirportal.server.support.ClientRegistrations;
import org.fhirportal.server.support.PortalServerTest;
import org.fhirportal.server.support.RawHttp;
import org.fhirportal.server.support.SmartAppLaunch;
import org.fhirportal.server.support.TestResources;
import org.fhirportal.server.support.TokenClient;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The security matrix of issue 4 on the demo population: three patients, the demo caregiver, two practitioners
 * (care-relationship policy), a backend reader ({@code system/*.rs}) and an analytics client
 * ({@code system/AuditEvent.rs}), each with a real token from the real authorization server, try every
 * interaction and operation the server's CapabilityStatement advertises against every other principal's data.
 * The test counts every resource that comes back and requires zero outside each principal's reach (worked out
 * independently from the demo data with an administrator's token), reads of others' resources answered as
 * missing, and other users' paging links refused; and it requires that allowed requests do return data.
 */
@PortalServerTest(properties = {"portal.demo=true", "portal.demo-population.patients=3", "portal.demo-population.seed=7"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecurityMatrixTest {

	private static final String DEMO_PASSWORD = "demo-password-2026";
	private static final String PATIENT_PASSWORD = "correct horse battery staple";
	private static final String PATIENT_SCOPE = "openid fhirUser launch/patient patient/*.cruds offline_access";
	private static final String USER_SCOPE = "openid fhirUser user/*.cruds offline_access";

	@LocalServerPort
	int port;


	@Autowired
	JdbcPortalUsers users;

	@Autowired
	FhirContext fhirContext;

	String root;
	String base;
	TokenClient tokens;
	RawHttp admin;
	List<String> patients;
	DataOwnership ownership;
	List<MatrixPrincipal> principals = new ArrayList<>();

	@BeforeAll
	void setUp() {
		root = "http://127.0.0.1:" + port;
		base = root + "/fhir";
		tokens = new TokenClient(root);
		admin = new RawHttp(base, tokens.adminToken("system/*.cruds"));
		patients = ids(admin.get("/Patient?identifier=" + enc("urn:fhirportal:demo:mrn|") + "&_count=100"), "Patient").stream()
				.sorted(Comparator.comparingLong(Long::parseLong)).toList();
		assertThat(patients).hasSize(3);
		ownership = new DataOwnership(fhirContext);
		ownership.load(admin, "/fhir", patients);
		for (String patient : patients) {
			String username = TestResources.unique("matrix-patient");
			users.save(username, PATIENT_PASSWORD, PortalRole.PATIENT, "Patient/" + patient, null);
			principals.add(new MatrixPrincipal("patient " + patient, launch(username, PATIENT_PASSWORD, PATIENT_SCOPE), Set.of(patient), true, true));
		}
		principals.add(new MatrixPrincipal("caregiver", launch("demo-caregiver", DEMO_PASSWORD, USER_SCOPE), caregiverReach(), true, true));
		for (String practitioner : List.of("demo-practitioner", "demo-practitioner-2")) {
			String fhirUser = users.find(practitioner).orElseThrow().fhirUser().orElseThrow();
			principals.add(new MatrixPrincipal(practitioner, launch(practitioner, DEMO_PASSWORD, USER_SCOPE), careReach(fhirUser), false, true));
		}
		principals.add(new MatrixPrincipal("backend reader", () -> new RawHttp(base, tokens.adminToken("system/*.rs")), Set.copyOf(patients), false, true));
		principals.add(new MatrixPrincipal("analytics", () -> new RawHttp(base, tokens.adminToken("system/AuditEvent.rs")), Set.of(), false, false));
	}

	@Test
	void everyAdvertisedInteractionWhenAimedAtOthersDataThenNothingOutsideReachComesBack() throws Exception {
		CapabilityStatement capabilities = fhirContext.newJsonParser().parseResource(CapabilityStatement.class, new RawHttp(base).get("/metadata").body());
		CapabilityProbes generator = new CapabilityProbes(capabilities, ownership, fhirContext, admin, base);
		List<MatrixProbe> probes = new ArrayList<>();
		principals.forEach(who -> probes.addAll(generator.against(who, patients)));
		List<String> leaks = Collections.synchronizedList(new ArrayList<>());
		List<String> existenceLeaks = Collections.synchronizedList(new ArrayList<>());
		AtomicInteger returned = new AtomicInteger();
		Map<String, AtomicInteger> perInteraction = Collections.synchronizedMap(new TreeMap<>());

		runAll(probes, (fhir, probe) -> {
			HttpResponse<String> response = fhir.send(probe.request());
			List<IBaseResource> resources = resourcesIn(response);
			returned.addAndGet(resources.size());
			perInteraction.computeIfAbsent(probe.interaction(), k -> new AtomicInteger()).incrementAndGet();
			outsideReach(probe.principal(), resources).forEach(leak -> leaks.add(probe + " -> " + response.statusCode() + " " + leak));
			if (probe.mustLookMissing() && response.statusCode() != 404) {
				existenceLeaks.add(probe + " -> " + response.statusCode());
			}
		});

		System.out.printf("security matrix: %d requests, %d resources returned, %d outside reach; interactions: %s%n",
				probes.size(), returned.get(), leaks.size(), perInteraction.keySet());
		leaks.stream().limit(200).forEach(leak -> System.out.println("security matrix leak: " + leak));
		existenceLeaks.stream().limit(50).forEach(leak -> System.out.println("security matrix existence leak: " + leak));
		assertThat(perInteraction.keySet()).contains("read", "vread", "history-instance", "search-type", "history-type", "update",
				"delete", "create", "transaction (reads)", "transaction (writes)", "batch", "history-system", "$everything");
		assertThat(leaks).as("resources returned outside the principal's reach").isEmpty();
		assertThat(existenceLeaks).as("reads of others' resources not answered as missing").isEmpty();
	}

	@Test
	void pageLinkWhenFetchedByAnyOtherPrincipalThenRefused() {
		List<String> stolen = new ArrayList<>();
		int links = 0;
		Map<MatrixPrincipal, RawHttp> connections = new java.util.HashMap<>();
		principals.forEach(p -> connections.put(p, p.connect().get()));
		for (MatrixPrincipal owner : principals) {
			HttpResponse<String> first = connections.get(owner).get("/Observation?_count=1");
			if (first.statusCode() != 200) {
				continue;
			}
			Bundle.BundleLinkComponent next = fhirContext.newJsonParser().parseResource(Bundle.class, first.body()).getLink("next");
			if (next == null) {
				continue;
			}
			links++;
			String path = next.getUrl().substring(next.getUrl().indexOf("/fhir") + "/fhir".length());
			assertThat(connections.get(owner).get(path).statusCode()).as(owner + " fetches its own page").isEqualTo(200);
			for (MatrixPrincipal other : principals) {
				HttpResponse<String> page = connections.get(other).get(path);
				// 410 for another subject; a principal of the same subject (both backend clients here are the admin
				// client) passes the binding and meets the guard, which must refuse its page of others' data
				if (other != owner && (page.statusCode() == 200 || !resourcesIn(page).isEmpty())) {
					stolen.add(other + " fetched the page of " + owner + ": " + page.statusCode());
				}
			}
		}
		assertThat(links).as("principals with paged results").isGreaterThanOrEqualTo(4);
		assertThat(stolen).isEmpty();
	}

	@Test
	void allowedRequestsWhenWithinReachThenReturnTheData() {
		for (MatrixPrincipal who : principals) {
			RawHttp fhir = who.connect().get();
			for (String patient : who.reach()) {
				assertThat(fhir.get("/Patient/" + patient).statusCode()).as(who + " reads Patient/" + patient).isEqualTo(200);
				HttpResponse<String> everything = fhir.get("/Patient/" + patient + "/$everything?_count=500");
				assertThat(everything.statusCode()).as(who + " $everything " + patient + ": " + everything.body()).isEqualTo(200);
				assertThat(resourcesIn(everything)).as(who + " $everything " + patient)
						.anyMatch(r -> ownership.ownersOf(r.fhirType(), r.getIdElement().getIdPart()).contains(patient) && !r.fhirType().equals("Patient"));
				String observation = ownership.sampleOf(patient, "Observation");
				if (observation != null) {
					assertThat(fhir.get("/Observation/" + observation).statusCode()).as(who + " reads its Observation").isEqualTo(200);
					assertThat(ids(fhir.get("/Observation?patient=" + patient + "&_count=500"), "Observation")).contains(observation);
				}
			}
		}
		MatrixPrincipal analytics = principals.get(principals.size() - 1);
		assertThat(analytics.connect().get().get("/AuditEvent?_count=5").statusCode()).isEqualTo(200);
		assertThat(principals).filteredOn(p -> p.name().startsWith("demo-practitioner")).allMatch(p -> !p.reach().isEmpty());
	}

	private List<String> outsideReach(MatrixPrincipal who, List<IBaseResource> resources) {
		List<String> outside = new ArrayList<>();
		for (IBaseResource resource : resources) {
			Resource r = (Resource) resource;
			Set<String> owners = ownership.ownersOf(r.fhirType(), r.getIdElement().getIdPart());
			if (!owners.isEmpty() && Collections.disjoint(owners, who.reach())) {
				outside.add(r.fhirType() + "/" + r.getIdElement().getIdPart() + " of " + owners);
			}
			if (who.patientFacing() && r.fhirType().equals("AuditEvent")) {
				outside.add("raw AuditEvent " + r.getIdElement().getIdPart());
			}
		}
		return outside;
	}

	/** Every resource in a response: the resource, a Bundle's entries, nested Bundles (batch replies) included. */
	private List<IBaseResource> resourcesIn(HttpResponse<String> response) {
		List<IBaseResource> found = new ArrayList<>();
		if (response.statusCode() < 200 || response.statusCode() > 299 || response.body().isBlank() || !response.body().trim().startsWith("{")) {
			return found;
		}
		collect((Resource) fhirContext.newJsonParser().parseResource(response.body()), found);
		return found;
	}

	private static void collect(Resource resource, List<IBaseResource> into) {
		if (resource instanceof Bundle bundle) {
			bundle.getEntry().forEach(entry -> {
				if (entry.hasResource()) {
					collect(entry.getResource(), into);
				}
				if (entry.hasResponse() && entry.getResponse().hasOutcome()) {
					collect(entry.getResponse().getOutcome(), into);
				}
			});
		} else if (resource != null && !resource.fhirType().equals("OperationOutcome")) {
			into.add(resource);
		}
	}

	/** Principal after principal, each with a token fresh for its probes, four requests at a time. */
	private void runAll(List<MatrixProbe> probes, ProbeRun run) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(4);
		try {
			for (MatrixPrincipal who : principals) {
				RawHttp fhir = who.connect().get();
				List<Future<?>> done = new ArrayList<>();
				for (MatrixProbe probe : probes) {
					if (probe.principal() == who) {
						done.add(pool.submit(() -> {
							run.accept(fhir, probe);
							return null;
						}));
					}
				}
				for (Future<?> future : done) {
					future.get(5, TimeUnit.MINUTES);
				}
			}
		} finally {
			pool.shutdownNow();
		}
	}

	@FunctionalInterface
	private interface ProbeRun {
		void accept(RawHttp fhir, MatrixProbe probe) throws Exception;
	}

	private Set<String> caregiverReach() {
		HttpResponse<String> grants = tokens.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(root + "/api/admin/proxy-grants?username=demo-caregiver"))
				.header("Authorization", "Bearer " + tokens.adminToken("user.admin")).GET().build());
		assertThat(grants.statusCode()).isEqualTo(200);
		Set<String> reach = new LinkedHashSet<>();
		java.util.regex.Matcher patient = java.util.regex.Pattern.compile("\"patient\"\\s*:\\s*\"Patient/([^\"]+)\"[^}]*\"active\"\\s*:\\s*true").matcher(grants.body());
		while (patient.find()) {
			reach.add(patient.group(1));
		}
		assertThat(reach).as("the demo caregiver's grants").hasSize(2);
		return reach;
	}

	/** The practitioner's patients by the care-relationship policy, found with an administrator's searches. */
	private Set<String> careReach(String practitioner) {
		Set<String> reach = new LinkedHashSet<>(ids(admin.get("/Patient?general-practitioner=" + practitioner + "&_count=500"), "Patient"));
		for (String search : List.of("/CareTeam?participant=", "/Encounter?participant=")) {
			Bundle bundle = fhirContext.newJsonParser().parseResource(Bundle.class, admin.get(search + practitioner + "&_count=500").body());
			bundle.getEntry().forEach(entry -> {
				Resource r = entry.getResource();
				if (r instanceof org.hl7.fhir.r4.model.CareTeam team && team.getStatus() != org.hl7.fhir.r4.model.CareTeam.CareTeamStatus.INACTIVE) {
					reach.add(team.getSubject().getReferenceElement().getIdPart());
				} else if (r instanceof org.hl7.fhir.r4.model.Encounter encounter) {
					reach.add(encounter.getSubject().getReferenceElement().getIdPart());
				}
			});
		}
		reach.retainAll(patients);
		return reach;
	}

	/** A real launch (sign-in, MFA enrolment for practitioners, consent); later connections refresh its token. */
	private java.util.function.Supplier<RawHttp> launch(String username, String password, String scope) {
		String clientId = new ClientRegistrations(root).publicApp("Matrix app", SmartAppLaunch.REDIRECT, scope);
		HttpResponse<String> token = new SmartAppLaunch(root, clientId).launch(username, password, scope);
		String[] refresh = {tokens.field(token.body(), "refresh_token")};
		return () -> {
			synchronized (refresh) {
				HttpResponse<String> refreshed = tokens.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(root + "/oauth2/token"))
						.header("Content-Type", "application/x-www-form-urlencoded")
						.POST(java.net.http.HttpRequest.BodyPublishers.ofString("grant_type=refresh_token&client_id=" + clientId
								+ "&refresh_token=" + enc(refresh[0]))).build());
				assertThat(refreshed.statusCode()).as(username + " refreshes: " + refreshed.body()).isEqualTo(200);
				refresh[0] = tokens.field(refreshed.body(), "refresh_token");
				return new RawHttp(base, tokens.field(refreshed.body(), "access_token"));
			}
		};
	}

	private List<String> ids(HttpResponse<String> response, String type) {
		Bundle bundle = fhirContext.newJsonParser().parseResource(Bundle.class, response.body());
		return bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
				.filter(r -> r.fhirType().equals(type)).map(r -> r.getIdElement().getIdPart()).toList();
	}

	private static String enc(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}
}
