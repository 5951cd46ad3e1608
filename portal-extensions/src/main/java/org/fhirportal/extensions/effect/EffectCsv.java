package org.fhirportal.extensions.effect;

import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.PrimitiveType;

/**
 * Writes the answer of {@code $engagement-effect} as CSV (RFC 4180, CRLF line ends), one row per figure:
 * {@code parameter,label,name,value}, where {@code parameter} is the top-level parameter, {@code label} tells
 * repeated parts apart (the covariate of a balance row, the months since adoption of an event-study point) and
 * {@code value} is {@code suppressed} for a masked figure.
 */
final class EffectCsv {

	static final String MEDIA_TYPE = "text/csv";
	private static final Pattern NEEDS_QUOTES = Pattern.compile("[\",\r\n]");

	private EffectCsv() {
	}

	static String of(Parameters parameters) {
		StringBuilder csv = new StringBuilder("parameter,label,name,value\r\n");
		for (ParametersParameterComponent parameter : parameters.getParameter()) {
			write(csv, parameter.getName(), "", parameter);
		}
		return csv.toString();
	}

	private static void write(StringBuilder csv, String top, String label, ParametersParameterComponent component) {
		if (component.getValue() != null) {
			csv.append(field(top)).append(',').append(field(label)).append(',').append(field(component.getName())).append(',')
					.append(field(value(component))).append("\r\n");
		}
		String own = label;
		for (ParametersParameterComponent part : component.getPart()) {
			if (part.getName().equals("covariate") || part.getName().equals("months-since-adoption")) {
				own = ((PrimitiveType<?>) part.getValue()).getValueAsString();
			}
		}
		for (ParametersParameterComponent part : component.getPart()) {
			if (!part.getName().equals("covariate") && !part.getName().equals("months-since-adoption")) {
				write(csv, top, own, part);
			}
		}
	}

	private static String value(ParametersParameterComponent component) {
		if (component.getValue() instanceof Period period) {
			return period.getStartElement().getValueAsString() + "/" + period.getEndElement().getValueAsString();
		}
		PrimitiveType<?> primitive = (PrimitiveType<?>) component.getValue();
		return primitive.hasValue() ? primitive.getValueAsString() : "suppressed";
	}

	private static String field(String value) {
		return NEEDS_QUOTES.matcher(value).find() ? '"' + value.replace("\"", "\"\"") + '"' : value;
	}
}
