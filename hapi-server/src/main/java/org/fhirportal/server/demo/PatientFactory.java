package org.fhirportal.server.demo;

import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;

/**
 * Builds the Patient resource (demographics, MRN, general practitioner, managing organization) and
 * the patient's CareTeam.
 */
final class PatientFactory {

	private static final String V2_0203 = "http://terminology.hl7.org/CodeSystem/v2-0203";
	private static final String LANGUAGE = "urn:ietf:bcp:47";

	private PatientFactory() {
	}

	/** Adds the Patient entry and stores its bundle-local reference on {@code p}. */
	static void addPatient(TransactionBuilder tx, DemoPatient p) {
		Patient patient = new Patient();
		patient.setActive(true);
		patient.addName(new HumanName().setUse(HumanName.NameUse.OFFICIAL).setFamily(p.family).addGiven(p.given)
				.addPrefix(p.gender == org.hl7.fhir.r4.model.Enumerations.AdministrativeGender.FEMALE ? "Ms." : "Mr."));
		patient.setGender(p.gender);
		patient.setBirthDateElement(DemoTime.date(p.birthDate));
		patient.addAddress(DemoNames.address(p.random));
		patient.addTelecom(DemoNames.phone(40 + p.index, ContactPoint.ContactPointUse.MOBILE));
		patient.addTelecom(DemoNames.email(p.given + "." + p.family + "." + (p.index + 1)));
		patient.addCommunication().setPreferred(true)
				.setLanguage(new CodeableConcept(new Coding(LANGUAGE, "en-US", "English (United States)")));
		patient.addGeneralPractitioner(p.gp.reference());
		patient.setManagingOrganization(p.directory.clinic().organizationReference());
		Identifier mrn = new Identifier()
				.setUse(Identifier.IdentifierUse.USUAL)
				.setType(new CodeableConcept(new Coding(V2_0203, "MR", "Medical Record Number")).setText("MRN"))
				.setSystem(DemoIds.MRN_SYSTEM)
				.setValue(p.idPrefix);
		p.reference = tx.put(patient, mrn);
	}

	/** Adds the CareTeam: the GP plus the specialists matching the patient's conditions. */
	static void addCareTeam(TransactionBuilder tx, DemoPatient p) {
		CareTeam team = new CareTeam();
		team.setStatus(CareTeam.CareTeamStatus.ACTIVE);
		team.setName("Care team of " + p.displayName());
		team.setSubject(p.ref());
		team.setPeriod(new Period().setStartElement(DemoTime.dateTime(p.visits.get(0).start)));
		team.addCategory(new CodeableConcept(new Coding(ClinicalDataFactory.LOINC, "LA28865-6",
				"Longitudinal care-coordination focused care team")));
		team.addParticipant()
				.addRole(new CodeableConcept(new Coding(SharedResourcesFactory.SNOMED, "446050000",
						"Primary care physician")))
				.setMember(p.gp.reference())
				.setOnBehalfOf(p.directory.clinic().organizationReference());
		if (p.has(DemoPatient.Condition.DIABETES)) {
			addSpecialist(team, p, DemoDirectory.Specialty.ENDOCRINOLOGY);
		}
		if (p.has(DemoPatient.Condition.HYPERTENSION)) {
			addSpecialist(team, p, DemoDirectory.Specialty.CARDIOLOGY);
		}
		team.addParticipant()
				.addRole(new CodeableConcept(new Coding(SharedResourcesFactory.SNOMED, "116154003", "Patient")))
				.setMember(p.ref());
		team.addManagingOrganization(p.directory.clinic().organizationReference());
		tx.put(team, p.id("careteam"));
	}

	private static void addSpecialist(CareTeam team, DemoPatient p, DemoDirectory.Specialty specialty) {
		DemoDirectory.Clinician c = p.directory.withSpecialty(specialty).get(0);
		team.addParticipant()
				.addRole(new CodeableConcept(
						new Coding(SharedResourcesFactory.SNOMED, specialty.code, specialty.display)))
				.setMember(c.reference())
				.setOnBehalfOf(c.facility().organizationReference());
	}
}
