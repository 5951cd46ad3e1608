package org.fhirportal.auth.consent;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConsentWordingTest {

	private final ConsentWording wording = new ConsentWording();

	@ParameterizedTest
	@CsvSource(delimiter = ';', value = {
		"patient/Appointment.cu; Your appointments: book and cancel",
		"patient/Communication.cu; Your messages: send and mark as read",
		"patient/Task.cu; Your requests, such as refills: make and cancel",
		"patient/*.rs; All your health data: read",
		"patient/Observation.rs?category=http://terminology.hl7.org/CodeSystem/observation-category|laboratory; Your lab results: read",
		"patient/Immunization.read; Your vaccinations: read",
		"patient/Condition.s; Your conditions and health problems: look through",
		"patient/MedicationRequest.cud; Your prescriptions: add, change and delete",
		"user/Observation.rs; Test results and measurements of the people you have access to: read",
		"system/*.rs; Health data of all patients: read",
		"offline_access; Stay signed in until you revoke it",
		"launch/patient; Open the health record you choose"
	})
	void lineWhenScopeThenPatientWordsWithoutTypeNames(String scope, String words) {
		ConsentWording.Line line = wording.line(scope);

		assertThat(line.text()).isEqualTo(words);
		assertThat(line.scope()).isEqualTo(scope);
	}

	@Test
	void lineWhenScopeDoesNotParseThenShownAsItCame() {
		assertThat(wording.line("patient/Nope.x").text()).isEqualTo("patient/Nope.x");
	}
}
