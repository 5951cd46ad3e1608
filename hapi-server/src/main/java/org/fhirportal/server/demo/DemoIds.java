package org.fhirportal.server.demo;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Identifier systems and deterministic id helpers shared by the demo population generator.
 *
 * <p>Every generated resource carries a business identifier in a project system
 * ({@code urn:fhirportal:demo:<type>}, or the US NPI system for practitioners). Transaction
 * entries are keyed on that identifier with a conditional URL such as
 * {@code Patient?identifier=urn:fhirportal:demo:mrn|s42-p0001}, so re-pushing the same bundle
 * updates the resources in place instead of duplicating them. Bundle-internal {@code fullUrl}s are
 * name-based UUIDs of {@code system|value}, hence identical on every run.
 */
public final class DemoIds {

	/** Prefix of every project identifier system. */
	public static final String SYSTEM_PREFIX = "urn:fhirportal:demo:";
	/** US National Provider Identifier system, used for practitioners (as Synthea does). */
	public static final String NPI_SYSTEM = "http://hl7.org/fhir/sid/us-npi";
	/** Medical record number system of demo patients. */
	public static final String MRN_SYSTEM = SYSTEM_PREFIX + "mrn";

	private DemoIds() {
	}

	/**
	 * Project identifier system for a resource type.
	 *
	 * @param resourceType FHIR resource type name, e.g. {@code Observation}
	 * @return {@code urn:fhirportal:demo:} followed by the lower-cased type
	 */
	public static String system(String resourceType) {
		return SYSTEM_PREFIX + resourceType.toLowerCase(java.util.Locale.ROOT);
	}

	/**
	 * Short, stable tag that prefixes all identifier values of one seed, e.g. {@code s42}.
	 *
	 * @param seed generator seed
	 * @return the tag
	 */
	public static String seedTag(long seed) {
		return seed < 0 ? "sn" + Long.toString(-(seed + 1)) : "s" + seed;
	}

	/**
	 * Deterministic {@code urn:uuid:} full URL for the resource identified by {@code system|value}.
	 *
	 * @param system identifier system
	 * @param value identifier value
	 * @return a name-based (version 3) UUID URN
	 */
	public static String fullUrl(String system, String value) {
		byte[] name = (system + "|" + value).getBytes(StandardCharsets.UTF_8);
		return "urn:uuid:" + UUID.nameUUIDFromBytes(name);
	}

	/**
	 * Conditional URL / conditional reference on an identifier.
	 *
	 * @param resourceType resource type
	 * @param system identifier system
	 * @param value identifier value
	 * @return {@code <type>?identifier=<system>|<value>}
	 */
	public static String conditional(String resourceType, String system, String value) {
		return resourceType + "?identifier=" + system + "|" + value;
	}

	/**
	 * Mixes a seed with a salt into a well-distributed 64-bit value (SplitMix64 finaliser), used
	 * to derive independent random streams per patient so that patient {@code i} is the same
	 * whatever the requested patient count.
	 *
	 * @param seed base seed
	 * @param salt stream selector
	 * @return mixed seed
	 */
	static long mix(long seed, long salt) {
		long z = seed + 0x9E3779B97F4A7C15L * (salt + 1);
		z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
		z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
		return z ^ (z >>> 31);
	}

	/**
	 * Builds a syntactically valid NPI: a 10-digit number starting with 1 whose last digit is the
	 * Luhn check digit computed over the {@code 80840} prefix plus the first nine digits.
	 *
	 * @param body eight free digits (0..99,999,999)
	 * @return the NPI
	 */
	static String npi(int body) {
		String first9 = "1" + String.format(java.util.Locale.ROOT, "%08d", body);
		String payload = "80840" + first9;
		int sum = 0;
		boolean dbl = true; // rightmost payload digit is doubled (check digit would be position 1)
		for (int i = payload.length() - 1; i >= 0; i--) {
			int d = payload.charAt(i) - '0';
			if (dbl) {
				d *= 2;
				if (d > 9) {
					d -= 9;
				}
			}
			sum += d;
			dbl = !dbl;
		}
		int check = (10 - (sum % 10)) % 10;
		return first9 + check;
	}
}
