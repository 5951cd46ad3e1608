package org.fhirportal.server.demo;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.hl7.fhir.r4.model.Bundle;

/**
 * Deterministic synthetic demo population for the portal: a shared directory bundle plus one
 * transaction bundle per patient.
 *
 * <h2>Loading</h2>
 * Post {@link #sharedResources()} first, then each of {@link #patientBundles()}, as FHIR
 * transactions. The shared bundle holds two Organizations (hospital and clinic), two Locations,
 * seven Practitioners with NPI identifiers, their PractitionerRoles, one Schedule per practitioner
 * and FREE 30-minute Slots on weekday mornings (09:00-12:00) over the 14 days after the anchor
 * date. Patient bundles reference those resources the way Synthea does, by
 * conditional reference ({@code Practitioner?identifier=http://hl7.org/fhir/sid/us-npi|...},
 * {@code Organization?identifier=urn:fhirportal:demo:organization|...}), each of which matches
 * exactly one shared resource once the shared bundle is loaded.
 *
 * <h2>Idempotence</h2>
 * Every entry is a conditional {@code PUT <type>?identifier=<system>|<value>} on an identifier the
 * resource carries (see {@link DemoIds}); identifier values are derived from seed and index, so an
 * EHR can re-push the same bundles without creating duplicates. Entries inside a bundle reference
 * each other by deterministic {@code urn:uuid:} fullUrls.
 *
 * <h2>Determinism</h2>
 * The same seed, patient count and anchor date always produce byte-identical JSON: no wall clock,
 * no default time zone (all times are wall-clock times at the fixed offset {@link #ZONE}) and one
 * seeded random stream per patient, so patient {@code i} does not depend on the patient count.
 * Clinical history lies in the two years before the anchor date; booked appointments and free
 * slots lie after it.
 */
public final class DemoPopulation {

	/** Default number of patients. */
	public static final int DEFAULT_PATIENT_COUNT = 50;
	/** Anchor date of {@link #generate(long, int)}: "today" of the generated history. */
	public static final LocalDate DEFAULT_ANCHOR_DATE = LocalDate.of(2026, 1, 5);
	/** Fixed UTC offset of all generated times (US Eastern standard time, no daylight saving). */
	public static final ZoneOffset ZONE = ZoneOffset.ofHours(-5);

	private final Bundle shared;
	private final List<Bundle> patients;

	private DemoPopulation(Bundle shared, List<Bundle> patients) {
		this.shared = shared;
		this.patients = List.copyOf(patients);
	}

	/**
	 * Generates a population anchored at {@link #DEFAULT_ANCHOR_DATE}.
	 *
	 * @param seed random seed; also part of every identifier value
	 * @param patientCount number of patients (at least 1)
	 * @return the population
	 */
	public static DemoPopulation generate(long seed, int patientCount) {
		return generate(seed, patientCount, DEFAULT_ANCHOR_DATE);
	}

	/**
	 * Generates a population anchored at {@code anchorDate}: encounters, labs, messages and
	 * fulfilled appointments precede it; booked appointments and free slots follow it. A loader
	 * typically passes the current date so the schedule is bookable.
	 *
	 * @param seed random seed; also part of every identifier value
	 * @param patientCount number of patients (at least 1)
	 * @param anchorDate the population's "today"
	 * @return the population
	 */
	public static DemoPopulation generate(long seed, int patientCount, LocalDate anchorDate) {
		if (patientCount < 1) {
			throw new IllegalArgumentException("patientCount must be at least 1, was " + patientCount);
		}
		Objects.requireNonNull(anchorDate, "anchorDate");
		DemoDirectory directory = DemoDirectory.create(seed);
		Bundle shared = new SharedResourcesFactory(directory, anchorDate).build();
		PatientBundleFactory factory = new PatientBundleFactory(seed, anchorDate, directory);
		List<Bundle> patients = new ArrayList<>(patientCount);
		for (int i = 0; i < patientCount; i++) {
			patients.add(factory.build(i));
		}
		return new DemoPopulation(shared, patients);
	}

	/**
	 * The shared transaction bundle (directory and scheduling resources); load it first.
	 *
	 * <p>Returns the live object. HAPI mutates bundles it processes in-process (it assigns ids and
	 * rewrites {@code urn:uuid:} references), so submit each bundle once or pass a {@code copy()}.
	 *
	 * @return the bundle
	 */
	public Bundle sharedResources() {
		return shared;
	}

	/**
	 * One transaction bundle per patient, in patient index order (live objects, see
	 * {@link #sharedResources()}).
	 *
	 * @return unmodifiable list of bundles
	 */
	public List<Bundle> patientBundles() {
		return patients;
	}

	/**
	 * Total number of resources in the shared bundle and all patient bundles.
	 *
	 * @return resource count
	 */
	public int resourceCount() {
		return shared.getEntry().size() + patients.stream().mapToInt(b -> b.getEntry().size()).sum();
	}
}
