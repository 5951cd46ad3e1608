package org.fhirportal.extensions.effect;

import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The outcomes {@code $engagement-effect} can estimate an effect on, and how each is read from the server's data.
 * <ul>
 *   <li>{@code no-show}: among a patient's appointments that were due (start in the month, before now, status
 *       {@code booked}, {@code arrived}, {@code checked-in}, {@code fulfilled} or {@code noshow}), the share with
 *       status {@code noshow}. AIPW: the patient's no-show rate over the period (patients with a due appointment);
 *       DiD: no-shows per patient and month.</li>
 * </ul>
 */
enum EffectOutcome {
	NO_SHOW("no-show", "share of due appointments missed (Appointment.status noshow)", "no-shows per patient-month");

	final String code;
	final String aipwMeaning;
	final String didMeaning;

	EffectOutcome(String code, String aipwMeaning, String didMeaning) {
		this.code = code;
		this.aipwMeaning = aipwMeaning;
		this.didMeaning = didMeaning;
	}

	static EffectOutcome fromCode(String code) {
		return Arrays.stream(values()).filter(o -> o.code.equals(code)).findFirst()
				.orElseThrow(() -> new InvalidRequestException("unknown outcome '" + code + "'; expected one of "
						+ Arrays.stream(values()).map(o -> o.code).collect(Collectors.joining(", "))));
	}
}
