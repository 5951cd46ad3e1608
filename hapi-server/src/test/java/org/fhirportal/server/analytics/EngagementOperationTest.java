package org.fhirportal.server.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.fhirportal.extensions.analytics.synthetic.SyntheticActivity;
import org.fhirportal.extensions.analytics.synthetic.SyntheticPortalActivity;
import org.fhirportal.extensions.audit.AuditBatchListener;
import org.fhirportal.server.support.PortalServerTest;
import org.fhirportal.server.support.RawHttp;
import org.fhirportal.server.support.TestResources;
import org.fhirportal.server.support.TokenClient;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.UnknownCodeSystemWarningValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Type;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * {@code $engagement} on the assembled server, over real HTTP with real tokens: the synthetic portal's resources
 * go in through the FHIR API (so the projections are kept by the server's own hooks), its audit trail and accounts
 * through the audit batch listeners; the figures of the synthetic organizations then equal the ground truth. The
 * test server is shared with other tests, so only the generator's own organizations (and a period long past) are
 * compared.
 */
@PortalServerTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EngagementOperationTest {

	private static final LocalDate START = LocalDate.of(2024, 3, 5);
	private static final LocalDate END = LocalDate.of(2024, 5, 31);
	private static final String QUERY = "/$engagement?start=" + START + "&end=" + END;

	@LocalServerPort
	int port;

	@Autowired
	FhirContext fhirContext;

	@Autowired
	DataSource dataSource;

	@Autowired
	ObjectProvider<AuditBatchListener> auditListeners;

	String root;
	SyntheticActivity activity;
	RawHttp analyst;

	@BeforeAll
	void loadSyntheticPortal() {
		root = "http://127.0.0.1:" + port;
		RawHttp admin = new RawHttp(root + "/fhir", new TokenClient(root).adminToken("system/*.cruds"));
		String prefix = TestResources.unique("eng").replaceAll("[^A-Za-z0-9]", "");
		activity = SyntheticPortalActivity.generate(SyntheticPortalActivity.Settings.small(2024, prefix, 150, YearMonth.of(2024, 2)));
		SyntheticPortalLoad.load(activity, admin, fhirContext, dataSource, auditListeners.orderedStream().toList(), 200);
		analyst = new RawHttp(root + "/fhir", new TokenClient(root).adminToken("system/AuditEvent.rs"));
	}

	@Test
	void engagementPerOrganizationEqualsTheGroundTruth() {
		HttpResponse<String> response = analyst.get(QUERY + "&cohort-by=organization", "Accept", "application/fhir+json");

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		Map<String, Map<String, Optional<BigDecimal>>> actual = figures(fhirContext.newJsonParser().parseResource(Parameters.class, response.body()));
		Map<String, Map<String, Optional<BigDecimal>>> expected = ExpectedEngagement.of(activity, START, END, "organization");
		assertThat(expected).hasSize(3);
		for (String organization : activity.organizations()) {
			assertThat(actual.get(organization)).as(organization).isEqualTo(expected.get(organization));
			assertThat(expected.get(organization).get("active-patients")).as("ground truth has figures shown").isPresent();
			assertThat(expected.get(organization).get("lab-time-to-view-median")).as("ground truth has figures shown").isPresent();
		}
	}

	@Test
	void engagementOutputValidatesAndNamesNoPatient() {
		HttpResponse<String> response = analyst.get(QUERY + "&cohort-by=practitioner", "Accept", "application/fhir+json");

		assertThat(response.statusCode()).isEqualTo(200);
		Parameters parameters = fhirContext.newJsonParser().parseResource(Parameters.class, response.body());
		assertThat(validator().validateWithResult(parameters).getMessages())
				.filteredOn(m -> m.getSeverity().ordinal() >= ResultSeverityEnum.ERROR.ordinal())
				.isEmpty();
		assertThat(response.body()).doesNotContain("Patient/").doesNotContain(activity.patients().get(0).id());
	}

	@Test
	void suppressedCellsCarryTheMaskedReason() {
		HttpResponse<String> response = analyst.get(QUERY + "&cohort-by=age-band", "Accept", "application/fhir+json");

		assertThat(response.body()).contains("\"valueCode\":\"masked\"");
	}

	@Test
	void csvFormatGivesOneRowPerFigure() {
		HttpResponse<String> response = analyst.get(QUERY + "&cohort-by=organization&_format=text/csv");

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/csv"));
		List<String> lines = List.of(response.body().split("\r\n"));
		assertThat(lines.get(0)).isEqualTo("cohort_by,cohort,month,measure,value,unit");
		Map<String, Optional<BigDecimal>> expected = ExpectedEngagement.of(activity, START, END, "organization").get(activity.organizations().get(0));
		String org = activity.organizations().get(0);
		assertThat(lines).contains("organization," + org + ",,active-patients," + shown(expected.get("active-patients")) + ",count",
				"organization," + org + ",2024-03,sign-ins," + shown(expected.get("month:2024-03:sign-ins")) + ",count");
		assertThat(response.body()).doesNotContain(activity.patients().get(0).id());
	}

	@Test
	void engagementWithoutAnalystScopeIsForbidden() {
		RawHttp clinician = new RawHttp(root + "/fhir", new TokenClient(root).adminToken("system/Patient.rs system/Observation.rs"));

		assertThat(clinician.get(QUERY, "Accept", "application/fhir+json").statusCode()).isEqualTo(403);
		assertThat(new RawHttp(root + "/fhir").get(QUERY).statusCode()).isEqualTo(401);
	}

	@Test
	void unknownCohortDimensionIsABadRequest() {
		HttpResponse<String> response = analyst.get(QUERY + "&cohort-by=postcode", "Accept", "application/fhir+json");

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).contains("OperationOutcome").contains("postcode");
	}

	private static String shown(Optional<BigDecimal> value) {
		return value.map(BigDecimal::toPlainString).orElse("suppressed");
	}

	private static Map<String, Map<String, Optional<BigDecimal>>> figures(Parameters parameters) {
		Map<String, Map<String, Optional<BigDecimal>>> figures = new HashMap<>();
		for (ParametersParameterComponent cohort : parameters.getParameter()) {
			if (!cohort.getName().equals("cohort")) {
				continue;
			}
			Map<String, Optional<BigDecimal>> f = new HashMap<>();
			String name = null;
			for (ParametersParameterComponent part : cohort.getPart()) {
				if (part.getName().equals("name")) {
					name = part.getValue().primitiveValue();
				} else if (part.getName().equals("month")) {
					String month = part.getPart().get(0).getValue().primitiveValue();
					part.getPart().stream().skip(1).forEach(p -> f.put("month:" + month + ":" + p.getName(), number(p.getValue())));
				} else {
					f.put(part.getName(), number(part.getValue()));
				}
			}
			figures.put(name, f);
		}
		return figures;
	}

	private static Optional<BigDecimal> number(Type value) {
		if (value instanceof IntegerType i) {
			return Optional.ofNullable(i.getValue()).map(BigDecimal::valueOf);
		}
		if (value instanceof DecimalType d) {
			return Optional.ofNullable(d.getValue());
		}
		if (value instanceof Quantity q) {
			return Optional.ofNullable(q.getValue());
		}
		throw new AssertionError("unexpected value " + (value instanceof PrimitiveType<?> p ? p.asStringValue() : value));
	}

	private static FhirValidator validator() {
		FhirContext ctx = FhirContext.forR4Cached();
		UnknownCodeSystemWarningValidationSupport unknownCodeSystems = new UnknownCodeSystemWarningValidationSupport(ctx);
		unknownCodeSystems.setNonExistentCodeSystemSeverity(IValidationSupport.IssueSeverity.WARNING);
		ValidationSupportChain chain = new ValidationSupportChain(new DefaultProfileValidationSupport(ctx),
				new InMemoryTerminologyServerValidationSupport(ctx), new CommonCodeSystemsTerminologyService(ctx),
				new SnapshotGeneratingValidationSupport(ctx), unknownCodeSystems);
		return ctx.newValidator().registerValidatorModule(new FhirInstanceValidator(chain));
	}
}
