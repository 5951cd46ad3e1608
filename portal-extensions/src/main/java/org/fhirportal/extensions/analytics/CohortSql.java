package org.fhirportal.extensions.analytics;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;

/**
 * SQL expressions shared by the engagement queries, portable between H2 and PostgreSQL: the cohort of a patient
 * (over {@code portal_engagement_patient p}, which is left-joined so that patients without a Patient resource
 * fall in {@code unknown}), and the month index of a timestamp. Dates are written as literals generated from
 * {@link LocalDate}s, never from request text.
 */
public final class CohortSql {

	private CohortSql() {}

	public static String cohort(CohortDimension dimension, LocalDate onDay) {
		String unknown = "'" + CohortDimension.UNKNOWN + "'";
		return switch (dimension) {
			case ALL -> "'all'";
			case GENDER -> "COALESCE(p.gender, " + unknown + ")";
			case ORGANIZATION -> "COALESCE(p.organization, " + unknown + ")";
			case PRACTITIONER -> "COALESCE(p.practitioner, " + unknown + ")";
			case AGE_BAND -> "CASE WHEN p.birth_date IS NULL THEN " + unknown
					+ " WHEN p.birth_date > " + date(onDay.minusYears(18)) + " THEN '0-17'"
					+ " WHEN p.birth_date > " + date(onDay.minusYears(40)) + " THEN '18-39'"
					+ " WHEN p.birth_date > " + date(onDay.minusYears(65)) + " THEN '40-64'"
					+ " ELSE '65+' END";
		};
	}

	/** The 0-based index in {@code months} of the month the timestamp column falls in (UTC). */
	public static String monthIndex(String column, List<YearMonth> months) {
		if (months.size() == 1) {
			return "0";
		}
		StringBuilder sql = new StringBuilder("CASE");
		for (int i = 0; i < months.size() - 1; i++) {
			sql.append(" WHEN ").append(column).append(" < ").append(timestamp(months.get(i + 1).atDay(1)))
					.append(" THEN ").append(i);
		}
		return sql.append(" ELSE ").append(months.size() - 1).append(" END").toString();
	}

	static String date(LocalDate day) {
		return "DATE '" + day + "'";
	}

	static String timestamp(LocalDate day) {
		return "TIMESTAMP WITH TIME ZONE '" + day + " 00:00:00+00:00'";
	}
}
