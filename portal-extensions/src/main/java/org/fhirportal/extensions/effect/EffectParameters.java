package org.fhirportal.extensions.effect;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import org.fhirportal.extensions.analytics.Cell;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.hl7.fhir.r4.model.StringType;

/**
 * Writes the answer of {@code $engagement-effect} as FHIR Parameters. Every figure derived from fewer than
 * {@link Cell#MIN_PATIENTS} patients keeps its parameter with a value that carries only the
 * {@code data-absent-reason} extension {@code masked} (as {@code $engagement} does). Decimals are rounded to 4
 * places, enough for rates and never enough to single anyone out.
 */
final class EffectParameters {

	static final String DATA_ABSENT_REASON = "http://hl7.org/fhir/StructureDefinition/data-absent-reason";

	private final Parameters parameters = new Parameters();

	EffectParameters(EffectRequest request, String outcomeMeaning) {
		parameters.addParameter().setName("outcome").setValue(new CodeType(request.outcome().code));
		parameters.addParameter().setName("outcome-meaning").setValue(new StringType(outcomeMeaning));
		parameters.addParameter().setName("method").setValue(new CodeType(request.method().code));
		Period period = new Period().setStartElement(new DateTimeType(request.firstMonth().atDay(1).toString()))
				.setEndElement(new DateTimeType(request.lastMonth().atEndOfMonth().toString()));
		parameters.addParameter().setName("period").setValue(period);
		parameters.addParameter().setName("baseline-months").setValue(new IntegerType(request.baselineMonths()));
		parameters.addParameter().setName("exposure-sign-ins").setValue(new DecimalType(request.signInsPerMonth()));
		parameters.addParameter().setName("cohort-by").setValue(new CodeType(request.cohortBy().code()));
		request.cohort().ifPresent(c -> parameters.addParameter().setName("cohort").setValue(new StringType(c)));
	}

	Parameters parameters() {
		return parameters;
	}

	ParametersParameterComponent add(String name) {
		return parameters.addParameter().setName(name);
	}

	void decimal(ParametersParameterComponent parent, String name, double value, boolean shown) {
		DecimalType decimal = new DecimalType();
		if (shown && Double.isFinite(value)) {
			decimal.setValue(BigDecimal.valueOf(value).setScale(4, RoundingMode.HALF_UP));
		} else {
			masked(decimal);
		}
		part(parent, name).setValue(decimal);
	}

	void decimal(String name, double value, boolean shown) {
		decimal(null, name, value, shown);
	}

	/** A count of patients, masked below {@link Cell#MIN_PATIENTS} (as {@code $engagement} masks its counts). */
	void count(ParametersParameterComponent parent, String name, long count) {
		IntegerType integer = new IntegerType();
		if (count >= Cell.MIN_PATIENTS) {
			integer.setValue((int) count);
		} else {
			masked(integer);
		}
		part(parent, name).setValue(integer);
	}

	void string(String name, String value) {
		add(name).setValue(new StringType(value));
	}

	void assumptions(List<String> assumptions) {
		ParametersParameterComponent part = add("assumptions");
		assumptions.forEach(a -> part.addPart().setName("assumption").setValue(new StringType(a)));
	}

	private ParametersParameterComponent part(ParametersParameterComponent parent, String name) {
		return parent == null ? add(name) : parent.addPart().setName(name);
	}

	private static void masked(PrimitiveType<?> value) {
		value.addExtension(DATA_ABSENT_REASON, new CodeType("masked"));
	}
}
