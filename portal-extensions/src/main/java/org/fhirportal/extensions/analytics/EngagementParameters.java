package org.fhirportal.extensions.analytics;

import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Type;

/**
 * Writes an {@link EngagementReport} as the FHIR Parameters of the {@code $engagement} OperationDefinition:
 * {@code period}, {@code cohort-by}, then one {@code cohort} part per cohort holding {@code name}, one part per
 * {@link Measure} and one {@code month} part per calendar month. Counts are integers, ratios decimals, durations
 * Quantities in hours (UCUM {@code h}). A suppressed cell keeps its parameter, with a value that has no content
 * but the {@code data-absent-reason} extension {@code masked}.
 */
final class EngagementParameters {

	static final String DATA_ABSENT_REASON = "http://hl7.org/fhir/StructureDefinition/data-absent-reason";
	private static final String UCUM = "http://unitsofmeasure.org";

	private EngagementParameters() {}

	static Parameters of(EngagementReport report) {
		Parameters parameters = new Parameters();
		Period period = new Period()
				.setStartElement(new DateTimeType(report.period().start().toString()))
				.setEndElement(new DateTimeType(report.period().end().toString()));
		parameters.addParameter().setName("period").setValue(period);
		parameters.addParameter().setName("cohort-by").setValue(new CodeType(report.dimension().code()));
		for (EngagementReport.Cohort cohort : report.cohorts()) {
			ParametersParameterComponent part = parameters.addParameter().setName("cohort");
			part.addPart().setName("name").setValue(new StringType(cohort.name()));
			cohort.cells().forEach(cell -> part.addPart(parameter(cell)));
			for (EngagementReport.Month month : cohort.months()) {
				ParametersParameterComponent monthPart = part.addPart().setName("month");
				monthPart.addPart().setName("month").setValue(new DateType(month.month().toString()));
				month.cells().forEach(cell -> monthPart.addPart(parameter(cell)));
			}
		}
		return parameters;
	}

	private static ParametersParameterComponent parameter(Cell cell) {
		ParametersParameterComponent parameter = new ParametersParameterComponent().setName(cell.measure().code());
		Type value = switch (cell.measure().unit()) {
			case COUNT -> new IntegerType();
			case RATIO -> new DecimalType();
			case HOURS -> new Quantity().setUnit("h").setSystem(UCUM).setCode("h");
		};
		cell.value().ifPresentOrElse(
				v -> {
					if (value instanceof IntegerType integer) {
						integer.setValue(v.intValueExact());
					} else if (value instanceof DecimalType decimal) {
						decimal.setValue(v);
					} else {
						((Quantity) value).setValue(v);
					}
				},
				() -> masked(value));
		return parameter.setValue(value);
	}

	private static void masked(Type value) {
		Type target = value instanceof Quantity quantity ? quantity.getValueElement() : value;
		((PrimitiveType<?>) target).addExtension(DATA_ABSENT_REASON, new CodeType("masked"));
	}
}
