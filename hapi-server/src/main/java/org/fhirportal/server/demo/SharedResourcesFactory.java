package org.fhirportal.server.demo;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Reference;

/**
 * Builds the shared transaction bundle: organizations, locations, practitioners (with NPIs),
 * practitioner roles, and, via {@link SchedulingFactory}, one schedule per practitioner with free
 * slots. Patient bundles reference these resources conditionally, so this bundle must be loaded first.
 */
final class SharedResourcesFactory {

	static final String SNOMED = "http://snomed.info/sct";
	private static final String ORG_TYPE = "http://terminology.hl7.org/CodeSystem/organization-type";
	private static final String ROLE_SYSTEM = "http://terminology.hl7.org/CodeSystem/practitioner-role";
	private static final String V2_0360 = "http://terminology.hl7.org/CodeSystem/v2-0360";

	private final DemoDirectory directory;
	private final LocalDate anchor;

	SharedResourcesFactory(DemoDirectory directory, LocalDate anchor) {
		this.directory = directory;
		this.anchor = anchor;
	}

	Bundle build() {
		TransactionBuilder tx = new TransactionBuilder();
		Reference hospitalRef = tx.put(organization(directory.hospital(), null), directory.hospital().organizationId());
		Reference clinicRef = tx.put(organization(directory.clinic(), hospitalRef),
				directory.clinic().organizationId());
		Reference hospitalLoc = tx.put(location(directory.hospital(), hospitalRef), directory.hospital().locationId());
		Reference clinicLoc = tx.put(location(directory.clinic(), clinicRef), directory.clinic().locationId());
		SchedulingFactory scheduling = new SchedulingFactory(directory.tag());
		List<Reference> practitioners = new ArrayList<>();
		for (DemoDirectory.Clinician c : directory.clinicians()) {
			Identifier npi = new Identifier().setSystem(DemoIds.NPI_SYSTEM).setValue(c.npi())
					.setUse(Identifier.IdentifierUse.OFFICIAL);
			practitioners.add(tx.put(practitioner(c), npi).setDisplay(c.display()));
		}
		for (DemoDirectory.Clinician c : directory.clinicians()) {
			boolean atClinic = c.facility() == directory.clinic();
			Reference practitioner = practitioners.get(c.index());
			Reference org = atClinic ? clinicRef : hospitalRef;
			Reference loc = atClinic ? clinicLoc : hospitalLoc;
			tx.put(role(c, practitioner, org, loc), directory.tag() + "-role-" + c.npi());
			scheduling.addScheduleWithSlots(tx, c, practitioner, loc, anchor);
		}
		return tx.build();
	}

	private static Organization organization(DemoDirectory.Facility facility, Reference partOf) {
		Organization org = new Organization();
		org.setActive(true);
		org.setName(facility.name());
		org.addType(new CodeableConcept(new Coding(ORG_TYPE, "prov", "Healthcare Provider")));
		org.addTelecom(DemoNames.phone(facility.phone(), ContactPoint.ContactPointUse.WORK));
		org.addAddress(DemoNames.workAddress(facility.street(), facility.cityIndex()));
		if (partOf != null) {
			org.setPartOf(partOf);
		}
		return org;
	}

	private static Location location(DemoDirectory.Facility facility, Reference org) {
		Location loc = new Location();
		loc.setStatus(Location.LocationStatus.ACTIVE);
		loc.setName(facility.locationName());
		loc.setMode(Location.LocationMode.INSTANCE);
		loc.addTelecom(DemoNames.phone(facility.phone() + 1, ContactPoint.ContactPointUse.WORK));
		loc.setAddress(DemoNames.workAddress(facility.street(), facility.cityIndex()));
		loc.setManagingOrganization(org);
		return loc;
	}

	private static Practitioner practitioner(DemoDirectory.Clinician c) {
		Practitioner p = new Practitioner();
		p.setActive(true);
		p.addName(new HumanName().setUse(HumanName.NameUse.OFFICIAL).setFamily(c.family()).addGiven(c.given())
				.addPrefix("Dr.").addSuffix("MD"));
		p.setGender(c.gender());
		p.addTelecom(DemoNames.phone(30 + c.index(), ContactPoint.ContactPointUse.WORK));
		p.addTelecom(new ContactPoint().setSystem(ContactPoint.ContactPointSystem.EMAIL)
				.setUse(ContactPoint.ContactPointUse.WORK)
				.setValue((c.given() + "." + c.family()).toLowerCase(java.util.Locale.ROOT) + "@example.org"));
		p.addAddress(DemoNames.workAddress(c.facility().street(), c.facility().cityIndex()));
		p.addQualification().setCode(new CodeableConcept(new Coding(V2_0360, "MD", "Doctor of Medicine"))
				.setText("Doctor of Medicine"));
		return p;
	}

	private static PractitionerRole role(DemoDirectory.Clinician c, Reference practitioner, Reference org,
			Reference location) {
		PractitionerRole role = new PractitionerRole();
		role.setActive(true);
		role.setPractitioner(practitioner.copy());
		role.setOrganization(org.copy());
		role.addLocation(location.copy());
		role.addCode(new CodeableConcept(new Coding(ROLE_SYSTEM, "doctor", "Doctor")));
		role.addSpecialty(new CodeableConcept(new Coding(SNOMED, c.specialty().code, c.specialty().display)));
		role.addTelecom(DemoNames.phone(30 + c.index(), ContactPoint.ContactPointUse.WORK));
		role.addAvailableTime()
				.addDaysOfWeek(PractitionerRole.DaysOfWeek.MON)
				.addDaysOfWeek(PractitionerRole.DaysOfWeek.TUE)
				.addDaysOfWeek(PractitionerRole.DaysOfWeek.WED)
				.addDaysOfWeek(PractitionerRole.DaysOfWeek.THU)
				.addDaysOfWeek(PractitionerRole.DaysOfWeek.FRI)
				.setAvailableStartTime("08:00:00")
				.setAvailableEndTime("17:00:00");
		return role;
	}
}
