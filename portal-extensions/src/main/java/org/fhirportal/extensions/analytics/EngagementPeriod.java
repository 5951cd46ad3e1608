package org.fhirportal.extensions.analytics;

import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The days an engagement report counts, {@code start} to {@code end} inclusive, in UTC. Monthly figures are
 * given per calendar month, the first and last months cut to the period.
 *
 * @param start first day counted
 * @param end last day counted
 */
public record EngagementPeriod(LocalDate start, LocalDate end) {

	/** The longest period one report covers (three years, 36 or 37 months). */
	public static final int MAX_DAYS = 3 * 366;

	/** @throws InvalidRequestException (400) for an empty or too long period */
	public EngagementPeriod {
		Objects.requireNonNull(start, "start");
		Objects.requireNonNull(end, "end");
		if (end.isBefore(start)) {
			throw new InvalidRequestException("end (" + end + ") is before start (" + start + ")");
		}
		if (ChronoUnit.DAYS.between(start, end) >= MAX_DAYS) {
			throw new InvalidRequestException("a period of at most " + MAX_DAYS + " days, please: " + start + " to " + end + " is longer");
		}
	}

	/** The first instant counted. */
	public Instant from() {
		return start.atStartOfDay(ZoneOffset.UTC).toInstant();
	}

	/** The first instant no longer counted (midnight after {@code end}). */
	public Instant until() {
		return end.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
	}

	/** The calendar months the period touches, in order. */
	public List<YearMonth> months() {
		List<YearMonth> months = new ArrayList<>();
		for (YearMonth m = YearMonth.from(start); !m.isAfter(YearMonth.from(end)); m = m.plusMonths(1)) {
			months.add(m);
		}
		return months;
	}
}
