package org.fhirportal.server.demo;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;

import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Period;

/**
 * Time helpers that build FHIR date types from explicit strings in {@link DemoPopulation#ZONE},
 * so encoded values never depend on the JVM default time zone or the wall clock.
 */
final class DemoTime {

	private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx");

	private DemoTime() {
	}

	static OffsetDateTime at(LocalDate date, int hour, int minute) {
		return date.atTime(hour, minute).atOffset(DemoPopulation.ZONE);
	}

	static String format(OffsetDateTime time) {
		return SECONDS.format(time);
	}

	static DateTimeType dateTime(OffsetDateTime time) {
		return new DateTimeType(format(time));
	}

	static InstantType instant(OffsetDateTime time) {
		return new InstantType(format(time));
	}

	static DateType date(LocalDate date) {
		return new DateType(date.toString());
	}

	static Period period(OffsetDateTime start, OffsetDateTime end) {
		return new Period().setStartElement(dateTime(start)).setEndElement(dateTime(end));
	}

	/** The {@code count}-th weekday after {@code date} ({@code count >= 1}). */
	static LocalDate plusWeekdays(LocalDate date, int count) {
		LocalDate d = date;
		int left = count;
		while (left > 0) {
			d = d.plusDays(1);
			if (d.getDayOfWeek() != DayOfWeek.SATURDAY && d.getDayOfWeek() != DayOfWeek.SUNDAY) {
				left--;
			}
		}
		return d;
	}
}
