package org.fhirportal.extensions.analytics;

import java.util.regex.Pattern;

/**
 * Writes an {@link EngagementReport} as CSV (RFC 4180, CRLF line ends), one row per figure:
 * {@code cohort_by,cohort,month,measure,value,unit}, where {@code month} is empty for the whole period,
 * {@code unit} is {@code count}, {@code ratio} or {@code hours}, and {@code value} is {@code suppressed} for a
 * cell of fewer than {@link Cell#MIN_PATIENTS} patients.
 */
final class EngagementCsv {

	static final String MEDIA_TYPE = "text/csv";
	private static final Pattern NEEDS_QUOTES = Pattern.compile("[\",\r\n]");

	private EngagementCsv() {}

	static String of(EngagementReport report) {
		StringBuilder csv = new StringBuilder("cohort_by,cohort,month,measure,value,unit\r\n");
		String by = report.dimension().code();
		for (EngagementReport.Cohort cohort : report.cohorts()) {
			cohort.cells().forEach(cell -> row(csv, by, cohort.name(), "", cell));
			for (EngagementReport.Month month : cohort.months()) {
				month.cells().forEach(cell -> row(csv, by, cohort.name(), month.month().toString(), cell));
			}
		}
		return csv.toString();
	}

	private static void row(StringBuilder csv, String by, String cohort, String month, Cell cell) {
		csv.append(field(by)).append(',').append(field(cohort)).append(',').append(month).append(',')
				.append(cell.measure().code()).append(',')
				.append(cell.value().map(v -> v.toPlainString()).orElse("suppressed")).append(',')
				.append(cell.measure().unit().name().toLowerCase(java.util.Locale.ROOT)).append("\r\n");
	}

	private static String field(String value) {
		return NEEDS_QUOTES.matcher(value).find() ? '"' + value.replace("\"", "\"\"") + '"' : value;
	}
}
