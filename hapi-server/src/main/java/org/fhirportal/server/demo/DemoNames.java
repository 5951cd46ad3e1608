package org.fhirportal.server.demo;

import java.util.List;
import java.util.SplittableRandom;

import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.ContactPoint;

/**
 * Fictional name, street and contact pools for demo data. Phone numbers use the reserved
 * 555-01xx range and e-mail addresses the reserved {@code example.org} domain.
 */
final class DemoNames {

	static final List<String> FEMALE_GIVEN = List.of(
			"Amelia", "Beatriz", "Chloe", "Dana", "Elena", "Fatima", "Grace", "Hana", "Isabel", "Jia",
			"Keisha", "Laura", "Maya", "Nora", "Olivia", "Priya", "Rosa", "Sofia", "Tanya", "Yara");
	static final List<String> MALE_GIVEN = List.of(
			"Aaron", "Bruno", "Carlos", "David", "Elijah", "Farid", "George", "Hiro", "Ivan", "Jamal",
			"Kevin", "Liam", "Marcus", "Nikhil", "Omar", "Pedro", "Samuel", "Tomas", "Victor", "Wei");
	static final List<String> FAMILY = List.of(
			"Anderson", "Baker", "Castillo", "Diallo", "Evans", "Fischer", "Garcia", "Hughes", "Ito", "Johnson",
			"Kowalski", "Lee", "Martinez", "Nguyen", "Okafor", "Patel", "Quinn", "Rossi", "Schmidt", "Thompson",
			"Uddin", "Vargas", "Walker", "Xu", "Young", "Zimmerman");
	private static final List<String> STREETS = List.of(
			"Maple Avenue", "Oak Street", "Cedar Lane", "Willow Road", "Harbor Drive", "Elm Court",
			"Birch Boulevard", "Lakeview Terrace", "Mill Road", "Orchard Way");
	/** City, postal code pairs of a fictional county (all in one state for a realistic catchment). */
	private static final List<String[]> CITIES = List.of(
			new String[] {"Springfield", "01101"}, new String[] {"Riverton", "01102"},
			new String[] {"Fairview", "01103"}, new String[] {"Greenville", "01104"},
			new String[] {"Lakeside", "01105"});
	static final String STATE = "MA";

	private DemoNames() {
	}

	static <T> T pick(SplittableRandom random, List<T> values) {
		return values.get(random.nextInt(values.size()));
	}

	static Address address(SplittableRandom random) {
		String[] city = pick(random, CITIES);
		return new Address()
				.setUse(Address.AddressUse.HOME)
				.setType(Address.AddressType.BOTH)
				.addLine((10 + random.nextInt(980)) + " " + pick(random, STREETS))
				.setCity(city[0])
				.setState(STATE)
				.setPostalCode(city[1])
				.setCountry("US");
	}

	static Address workAddress(String line, int cityIndex) {
		String[] city = CITIES.get(cityIndex);
		return new Address()
				.setUse(Address.AddressUse.WORK)
				.addLine(line)
				.setCity(city[0])
				.setState(STATE)
				.setPostalCode(city[1])
				.setCountry("US");
	}

	static ContactPoint phone(int number, ContactPoint.ContactPointUse use) {
		return new ContactPoint()
				.setSystem(ContactPoint.ContactPointSystem.PHONE)
				.setValue(String.format(java.util.Locale.ROOT, "+1-413-555-01%02d", number % 100))
				.setUse(use);
	}

	static ContactPoint email(String localPart) {
		return new ContactPoint()
				.setSystem(ContactPoint.ContactPointSystem.EMAIL)
				.setValue(localPart.toLowerCase(java.util.Locale.ROOT) + "@example.org")
				.setUse(ContactPoint.ContactPointUse.HOME);
	}
}
