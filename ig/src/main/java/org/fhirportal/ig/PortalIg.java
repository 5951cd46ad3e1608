package org.fhirportal.ig;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The portal's FHIR Implementation Guide as the server sees it: where the FHIR NPM package lies on the
 * classpath and the canonical URLs of its profiles, extensions and codes. The FSH sources under
 * {@code ig/input/fsh} are the definitions; this module's tests check that every URL named here is in the
 * package. The package's version is read from its {@code package.json}, not repeated here.
 *
 * @see <a href="https://hl7.org/fhir/R4/profiling.html">FHIR R4 profiling</a>
 */
public final class PortalIg {

	/** The package id ({@code package.json} name). */
	public static final String PACKAGE_ID = "org.fhirportal.ig";

	/** Where the package tgz lies on the classpath (no leading slash). */
	public static final String PACKAGE_CLASSPATH = "ig/" + PACKAGE_ID + ".tgz";

	/** The canonical base of every definition in the IG. */
	public static final String CANONICAL = "http://fhirportal.org/fhir";

	private static final String PROFILE = CANONICAL + "/StructureDefinition/";

	/** BALP-shaped AuditEvent of a read or search of patient data. */
	public static final String READ_AUDIT_PROFILE = PROFILE + "portal-read-audit";

	/** AuditEvent of a sign-in or sign-out. */
	public static final String SIGN_IN_AUDIT_PROFILE = PROFILE + "portal-sign-in-audit";

	/** Communication: a secure message between a patient (or caregiver) and the care team. */
	public static final String MESSAGE_PROFILE = PROFILE + "portal-message";

	/** Task: a patient's request to refill a MedicationRequest. */
	public static final String REFILL_REQUEST_PROFILE = PROFILE + "portal-refill-request";

	/** Appointment booked, cancelled or rescheduled in the portal. */
	public static final String APPOINTMENT_PROFILE = PROFILE + "portal-appointment";

	/** AuditEvent extension: one resource the audited request returned (repeats). */
	public static final String RETURNED_RESOURCES_EXTENSION = PROFILE + "returned-resources";

	/** AuditEvent extension: how the user authenticated at sign-in. */
	public static final String AUTHENTICATION_METHOD_EXTENSION = PROFILE + "authentication-method";

	/** The code system of portal task kinds; {@link #REFILL_REQUEST_CODE} marks a refill request. */
	public static final String TASK_CODE_SYSTEM = CANONICAL + "/CodeSystem/portal-task-codes";

	/** Task.code of a refill request, in {@link #TASK_CODE_SYSTEM}. */
	public static final String REFILL_REQUEST_CODE = "refill-request";

	/** The search parameter {@code AuditEvent?returned-resource=Observation/123}. */
	public static final String RETURNED_RESOURCE_SEARCH_PARAMETER = CANONICAL + "/SearchParameter/AuditEvent-returned-resource";

	/** The search parameter {@code Communication?in-response-to=Communication/123}: the replies in a thread. */
	public static final String IN_RESPONSE_TO_SEARCH_PARAMETER = CANONICAL + "/SearchParameter/Communication-in-response-to";

	private PortalIg() {}

	/**
	 * Opens the package tgz from the classpath of this class.
	 *
	 * @throws UncheckedIOException when the ig jar on the classpath has no package (a build without the ig module)
	 */
	public static InputStream openPackage() {
		InputStream in = PortalIg.class.getClassLoader().getResourceAsStream(PACKAGE_CLASSPATH);
		if (in == null) {
			throw new UncheckedIOException(new IOException(PACKAGE_CLASSPATH
					+ " is not on the classpath: build the ig module (mvn -pl ig install) before the server"));
		}
		return in;
	}
}
