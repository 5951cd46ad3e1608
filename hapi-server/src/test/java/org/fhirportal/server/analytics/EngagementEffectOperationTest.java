package org.fhirportal.server.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.YearMonth;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.fhirportal.auth.user.JdbcPortalUsers;
import org.fhirportal.extensions.analytics.synthetic.PlantedEffects;
import org.fhirportal.extensions.analytics.synthetic.SyntheticActivity;
import org.fhirportal.extensions.analytics.synthetic.SyntheticPortalActivity;
import org.fhirportal.extensions.audit.AuditBatchListener;
import org.fhirportal.server.support.PortalServerTest;
import org.fhirportal.server.support.PortalSessions;
import org.fhirportal.server.support.RawHttp;
import org.fhirportal.server.support.TestResources;
import org.fhirportal.server.support.TokenClient;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RelatedPerson;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

/**
 * {@code $engagement-effect} on the assembled server, over real HTTP with real tokens: synthetic portals with planted
 * effects of portal use go in through the FHIR API and the audit batch listeners, in a year long past and
 * organizations of their own (the server is shared). One has staggered adoption and an effect on no-shows, confounded
 * by age (older patients use the portal less and miss more); the other goes live in April, after a clean baseline,
 * with clinical courses and effects on refill adherence, lab follow-up and HbA1c, confounded by age and illness
 * (older and sicker patients use the portal less, adhere and follow up less). The operation must recover each planted
 * effect where the naive comparison does not.
 */
@PortalServerTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EngagementEffectOperationTest {

	private static final double PLANTED = -0.12;
	private static final double PLANTED_REFILL = 0.10;
	private static final double PLANTED_FOLLOW_UP = 0.25;
	/** In tests after a user's enrolment: the change from the baseline's last test to the period's last. */
	private static final double PLANTED_HBA1C = -0.6;
	private static final PlantedEffects CLINICAL = PlantedEffects.of(PLANTED, PLANTED_REFILL, PLANTED_FOLLOW_UP, PLANTED_HBA1C);
	private static final YearMonth FIRST = YearMonth.of(2022, 1);
	/** Baseline 2022-01..03, outcome period 2022-04..06 (users all enrolled before April); active: a sign-in every other month. */
	private static final String PERIOD = "start=2022-04-01&end=2022-06-30&baseline-months=3&exposure-sign-ins=0.5";

	@LocalServerPort
	int port;
	@Autowired
	FhirContext fhirContext;
	@Autowired
	DataSource dataSource;
	@Autowired
	ObjectProvider<AuditBatchListener> auditListeners;
	@Autowired
	JdbcPortalUsers users;
	@Autowired
	RegisteredClientRepository clients;

	RawHttp analyst;
	String organization;
	String smallOrganization;
	String clinicalOrganization;
	PortalSessions sessions;

	@BeforeAll
	void loadConfoundedPortal() {
		String root = "http://127.0.0.1:" + port;
		sessions = new PortalSessions(port, fhirContext, users, clients);
		String prefix = TestResources.unique("eff").replaceAll("[^A-Za-z0-9]", "");
		SyntheticActivity activity = load(new SyntheticPortalActivity.Settings(2022, prefix, 400, FIRST, 6, 1, 3, 2.0, PlantedEffects.of(PLANTED)));
		organization = activity.organizations().get(0);
		SyntheticActivity clinical = load(new SyntheticPortalActivity.Settings(2022, prefix + "c", 400, FIRST, 6, 1, 3, 2.0, CLINICAL));
		clinicalOrganization = clinical.organizations().get(0);
		SyntheticActivity small = load(new SyntheticPortalActivity.Settings(7, prefix + "s", 10, FIRST, 6, 1, 1, 2.0, PlantedEffects.of(PLANTED)));
		smallOrganization = small.organizations().get(0);
		analyst = new RawHttp(root + "/fhir", new TokenClient(root).adminToken("system/AuditEvent.rs"));
	}

	private SyntheticActivity load(SyntheticPortalActivity.Settings settings) {
		SyntheticActivity activity = SyntheticPortalActivity.generate(settings);
		SyntheticPortalLoad.load(activity, sessions.admin(), fhirContext, dataSource, auditListeners.orderedStream().toList(), 500);
		return activity;
	}

	@Test
	void aipwWhenNoShowEffectPlantedThenRecoveredWithinItsIntervalUnlikeTheNaiveDifference() {
		Parameters answer = effect("method=aipw&estimand=att&cohort-by=organization&cohort=" + organization);

		double estimate = decimal(answer, "estimate");
		double lower = decimal(answer, "ci-lower");
		double upper = decimal(answer, "ci-upper");
		double naive = decimal(answer, "naive-difference");
		System.out.printf("$engagement-effect no-show ATT: %.4f [%.4f, %.4f], naive %.4f, planted %.2f%n", estimate, lower, upper, naive, PLANTED);
		assertThat(lower).isLessThanOrEqualTo(PLANTED);
		assertThat(upper).isGreaterThanOrEqualTo(PLANTED).isNegative();
		assertThat(naive).as("the naive difference is confounded by age").isLessThan(lower);
		assertThat(integer(answer, "exposed-patients")).isGreaterThan(80);
		assertThat(integer(answer, "unexposed-patients")).isGreaterThan(80);
		assertThat(answer.getParameter("assumptions").getPart()).hasSizeGreaterThanOrEqualTo(3);
	}

	@Test
	void aipwWhenRefillAdherenceEffectPlantedThenRecoveredWithinItsIntervalUnlikeTheNaiveDifference() {
		Parameters answer = effect("refill-adherence", "method=aipw&estimand=att&cohort-by=organization&cohort=" + clinicalOrganization);

		assertRecovered(answer, "refill-adherence", PLANTED_REFILL);
		assertThat(answer.getParameter("diagnostics").getPart()).filteredOn(p -> p.getName().equals("balance"))
				.extracting(b -> value(b, "covariate")).contains("active-conditions", "baseline-pdc");
	}

	@Test
	void aipwWhenLabFollowUpEffectPlantedThenRecoveredWithinItsIntervalUnlikeTheNaiveDifference() {
		Parameters answer = effect("lab-follow-up", "method=aipw&estimand=att&cohort-by=organization&cohort=" + clinicalOrganization);

		assertRecovered(answer, "lab-follow-up", PLANTED_FOLLOW_UP);
		assertThat(decimal(answer, "e-value")).isGreaterThan(1);
	}

	@Test
	void aipwWhenHba1cEffectPlantedThenRecoveredWithinItsInterval() {
		Parameters answer = effect("hba1c-change", "method=aipw&estimand=att&cohort-by=organization&cohort=" + clinicalOrganization);

		double expected = PLANTED_HBA1C;
		System.out.printf("$engagement-effect hba1c-change ATT: %.4f [%.4f, %.4f], naive %.4f, expected %.2f%n", decimal(answer, "estimate"),
				decimal(answer, "ci-lower"), decimal(answer, "ci-upper"), decimal(answer, "naive-difference"), expected);
		assertThat(decimal(answer, "ci-lower")).isLessThanOrEqualTo(expected);
		assertThat(decimal(answer, "ci-upper")).isGreaterThanOrEqualTo(expected);
	}

	@Test
	void didWhenRefillAdherenceThenEventStudyRecoversPlantedEffect() {
		Parameters answer = effect("refill-adherence", "method=did&cohort-by=organization&cohort=" + clinicalOrganization);

		ParametersParameterComponent overall = answer.getParameter("overall");
		System.out.printf("$engagement-effect refill-adherence DiD overall: %s [%s, %s]%n", value(overall, "estimate"), value(overall, "ci-lower"),
				value(overall, "ci-upper"));
		assertThat(Double.parseDouble(value(overall, "ci-lower"))).isLessThanOrEqualTo(PLANTED_REFILL);
		assertThat(Double.parseDouble(value(overall, "ci-upper"))).isGreaterThanOrEqualTo(PLANTED_REFILL);
		assertThat(answer.getParameter("outcome-meaning").getValue().primitiveValue()).contains("month");
	}

	@Test
	void didWhenHba1cChangeThenBadRequestSayingWhy() {
		HttpResponse<String> response = analyst.get("/$engagement-effect?outcome=hba1c-change&method=did", "Accept", "application/fhir+json");

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).contains("OperationOutcome").contains("method did does not apply to outcome hba1c-change");
	}

	@Test
	void aipwDiagnosticsArePresentAndCovariatesBalancedAfterWeighting() {
		// Crump et al.'s trimming: with 400 patients, the few young non-users' large weights otherwise leave chance imbalance
		Parameters answer = effect("method=aipw&estimand=ate&trimming=crump&cohort-by=organization&cohort=" + organization);

		ParametersParameterComponent diagnostics = answer.getParameter("diagnostics");
		List<ParametersParameterComponent> balance = diagnostics.getPart().stream().filter(p -> p.getName().equals("balance")).toList();
		assertThat(balance).extracting(b -> value(b, "covariate")).contains("age", "female", "male", "baseline-appointments", "baseline-no-shows");
		ParametersParameterComponent age = balance.stream().filter(b -> value(b, "covariate").equals("age")).findFirst().orElseThrow();
		assertThat(Math.abs(Double.parseDouble(value(age, "smd-before")))).as("users are younger").isGreaterThan(0.3);
		assertThat(decimal(answer, "ci-lower")).isLessThanOrEqualTo(PLANTED);
		assertThat(decimal(answer, "ci-upper")).isGreaterThanOrEqualTo(PLANTED);
		for (ParametersParameterComponent b : balance) {
			assertThat(Math.abs(Double.parseDouble(value(b, "smd-after")))).as(value(b, "covariate")).isLessThan(0.1);
		}
		assertThat(Double.parseDouble(value(diagnostics, "propensity-exposed-max"))).isGreaterThan(Double.parseDouble(value(diagnostics, "propensity-unexposed-min")));
		assertThat(value(diagnostics, "share-trimmed")).isNotEmpty();
	}

	@Test
	void aipwWhenCohortSmallThenArmsAndEstimateSuppressed() {
		Parameters answer = effect("method=aipw&cohort-by=organization&cohort=" + smallOrganization);

		for (String name : List.of("estimate", "ci-lower", "ci-upper", "naive-difference", "exposed-patients", "unexposed-patients")) {
			assertThat(answer.getParameter(name).getValue().hasExtension()).as(name + " masked").isTrue();
			assertThat(((PrimitiveType<?>) answer.getParameter(name).getValue()).hasValue()).as(name + " has no value").isFalse();
		}
		assertThat(answer.getParameter("diagnostics")).isNull();
	}

	@Test
	void didWhenStaggeredAdoptionThenEventStudyWithPlacebosAndAssumptions() {
		Parameters answer = effect("method=did&cohort-by=organization&cohort=" + organization);

		List<ParametersParameterComponent> points = answer.getParameter().stream().filter(p -> p.getName().equals("event-time")).toList();
		List<Integer> months = points.stream().map(p -> Integer.parseInt(value(p, "months-since-adoption"))).toList();
		assertThat(months).contains(-2, 0, 1).doesNotContain(-1);
		assertThat(answer.getParameter("overall").getPart()).extracting(ParametersParameterComponent::getName).contains("estimate", "ci-lower", "ci-upper");
		assertThat(integer(answer, "adopters")).isGreaterThan(30);
		assertThat(answer.getParameter("assumptions").getPart()).anyMatch(p -> p.getValue().primitiveValue().startsWith("Parallel trends"));
	}

	@Test
	void csvFormatGivesOneRowPerFigureAndNoPatient() {
		HttpResponse<String> response = analyst.get("/$engagement-effect?" + PERIOD + "&cohort-by=organization&cohort=" + organization + "&_format=text/csv");

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/csv"));
		List<String> lines = List.of(response.body().split("\r\n"));
		assertThat(lines.get(0)).isEqualTo("parameter,label,name,value");
		assertThat(lines).anyMatch(l -> l.startsWith("estimate,,estimate,-0.")).anyMatch(l -> l.startsWith("diagnostics,age,smd-after,"));
		assertThat(response.body()).doesNotContain("Patient/");
	}

	@Test
	void effectWhenBadParametersThenClearOperationOutcome() {
		HttpResponse<String> outcome = analyst.get("/$engagement-effect?outcome=happiness", "Accept", "application/fhir+json");
		HttpResponse<String> method = analyst.get("/$engagement-effect?method=magic", "Accept", "application/fhir+json");
		HttpResponse<String> cohort = analyst.get("/$engagement-effect?cohort=x", "Accept", "application/fhir+json");

		assertThat(outcome.statusCode()).isEqualTo(400);
		assertThat(outcome.body()).contains("OperationOutcome").contains("no-show, refill-adherence, lab-follow-up, hba1c-change");
		assertThat(method.statusCode()).isEqualTo(400);
		assertThat(cohort.statusCode()).isEqualTo(400);
	}

	@Test
	void effectWhenPatientOrCaregiverTokenThenForbidden() {
		String patientId = sessions.create(new Patient().addName(new org.hl7.fhir.r4.model.HumanName().setFamily("Effected")));
		String relatedPersonId = sessions.create(new RelatedPerson(new Reference("Patient/" + patientId)));
		RawHttp patient = sessions.patient(patientId, "patient/*.rs user/AuditEvent.rs");
		RawHttp caregiver = sessions.caregiver(relatedPersonId, "user/*.rs user/AuditEvent.rs", patientId);

		HttpResponse<String> byPatient = patient.get("/$engagement-effect", "Accept", "application/fhir+json");
		HttpResponse<String> byCaregiver = caregiver.get("/$engagement-effect", "Accept", "application/fhir+json");

		assertThat(byPatient.statusCode()).as(byPatient.body()).isEqualTo(403);
		assertThat(byCaregiver.statusCode()).as(byCaregiver.body()).isEqualTo(403);
		assertThat(byCaregiver.body()).contains("OperationOutcome");
	}

	private static void assertRecovered(Parameters answer, String outcome, double planted) {
		double estimate = decimal(answer, "estimate");
		double lower = decimal(answer, "ci-lower");
		double upper = decimal(answer, "ci-upper");
		double naive = decimal(answer, "naive-difference");
		System.out.printf("$engagement-effect %s ATT: %.4f [%.4f, %.4f], naive %.4f, planted %.2f, %d exposed, %d unexposed%n", outcome, estimate,
				lower, upper, naive, planted, integer(answer, "exposed-patients"), integer(answer, "unexposed-patients"));
		assertThat(lower).isLessThanOrEqualTo(planted);
		assertThat(upper).isGreaterThanOrEqualTo(planted);
		assertThat(Math.abs(naive - planted)).as("the naive difference is confounded by age and illness").isGreaterThan(Math.abs(estimate - planted));
	}

	private Parameters effect(String query) {
		return effect("no-show", query);
	}

	private Parameters effect(String outcome, String query) {
		HttpResponse<String> response = analyst.get("/$engagement-effect?outcome=" + outcome + "&" + PERIOD + "&" + query, "Accept",
				"application/fhir+json");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(response.body()).doesNotContain("Patient/");
		return fhirContext.newJsonParser().parseResource(Parameters.class, response.body());
	}

	private static double decimal(Parameters parameters, String name) {
		return ((PrimitiveType<?>) parameters.getParameter(name).getValue()).getValueAsString() == null
				? Double.NaN
				: new BigDecimal(((PrimitiveType<?>) parameters.getParameter(name).getValue()).getValueAsString()).doubleValue();
	}

	private static int integer(Parameters parameters, String name) {
		return Integer.parseInt(((PrimitiveType<?>) parameters.getParameter(name).getValue()).getValueAsString());
	}

	private static String value(ParametersParameterComponent component, String name) {
		return Optional.ofNullable(component.getPart().stream().filter(p -> p.getName().equals(name)).findFirst().orElseThrow().getValue())
				.map(v -> ((PrimitiveType<?>) v).getValueAsString()).orElse("");
	}
}
