package org.fhirportal.server.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Slot;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Behaviour of {@link DemoPopulation}: determinism, idempotent entries and reference integrity. */
class DemoPopulationTest {

	private static final FhirContext CTX = FhirContext.forR4Cached();
	private static DemoPopulation population;

	@BeforeAll
	static void generateDefaultPopulation() {
		population = DemoPopulation.generate(42, DemoPopulation.DEFAULT_PATIENT_COUNT);
	}

	private static List<Bundle> allBundles(DemoPopulation pop) {
		List<Bundle> all = new ArrayList<>();
		all.add(pop.sharedResources());
		all.addAll(pop.patientBundles());
		return all;
	}

	private static List<String> json(DemoPopulation pop) {
		IParser parser = CTX.newJsonParser().setPrettyPrint(true);
		return allBundles(pop).stream().map(parser::encodeResourceToString).toList();
	}

	@Test
	void generateWhenSameSeedThenIdenticalBundles() {
		DemoPopulation again = DemoPopulation.generate(42, DemoPopulation.DEFAULT_PATIENT_COUNT);

		assertThat(json(again)).containsExactlyElementsOf(json(population));
	}

	@Test
	void generateWhenDifferentSeedThenDifferentIdentifiers() {
		DemoPopulation other = DemoPopulation.generate(7, 3);

		Set<String> urls = requestUrls(population);
		assertThat(requestUrls(other)).doesNotContainAnyElementsOf(urls);
	}

	@Test
	void generateWhenFewerPatientsThenSamePatientsAsLargerPopulation() {
		DemoPopulation small = DemoPopulation.generate(42, 3);

		assertThat(json(small)).containsExactlyElementsOf(json(population).subList(0, 4));
	}

	@Test
	void generateWhenPatientCountNotPositiveThenRejected() {
		assertThatThrownBy(() -> DemoPopulation.generate(1, 0)).isInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void generateWhenDefaultCountThenFiftyPatientBundlesAndResourceCountAddsUp() {
		int sum = allBundles(population).stream().mapToInt(b -> b.getEntry().size()).sum();

		assertThat(population.patientBundles()).hasSize(50);
		assertThat(population.resourceCount()).isEqualTo(sum).isGreaterThan(50 * 40);
	}

	@Test
	void sharedResourcesWhenGeneratedThenContainDirectoryAndOneSchedulePerPractitioner() {
		List<Resource> shared = resources(population.sharedResources());

		assertThat(ofType(shared, "Organization")).hasSize(2);
		assertThat(ofType(shared, "Location")).hasSizeGreaterThanOrEqualTo(2);
		List<Resource> practitioners = ofType(shared, "Practitioner");
		assertThat(practitioners).hasSizeGreaterThanOrEqualTo(6);
		assertThat(practitioners).allSatisfy(r -> assertThat(((Practitioner) r).getIdentifier())
				.anySatisfy(id -> assertThat(id.getSystem()).isEqualTo(DemoIds.NPI_SYSTEM)));
		assertThat(ofType(shared, "PractitionerRole")).hasSameSizeAs(practitioners);
		assertThat(ofType(shared, "Schedule")).hasSameSizeAs(practitioners);
		assertThat(ofType(shared, "Slot")).isNotEmpty()
				.allSatisfy(r -> assertThat(((Slot) r).getStatus()).isEqualTo(Slot.SlotStatus.FREE));
	}

	@Test
	void sharedResourcesWhenAnchorGivenThenSlotsWithinFourteenDaysAfterAnchor() {
		LocalDate anchor = LocalDate.of(2027, 3, 10);
		DemoPopulation pop = DemoPopulation.generate(42, 1, anchor);

		List<Resource> slots = ofType(resources(pop.sharedResources()), "Slot");

		assertThat(slots).isNotEmpty().allSatisfy(r -> {
			LocalDate day = OffsetDateTime.parse(((Slot) r).getStartElement().getValueAsString()).toLocalDate();
			assertThat(day).isAfter(anchor).isBeforeOrEqualTo(anchor.plusDays(14));
		});
	}

	@Test
	void appointmentsWhenBookedThenNeverOverlapEachOtherOrAFreeSlot() {
		List<long[]> slots = ofType(resources(population.sharedResources()), "Slot").stream()
				.map(r -> interval(((Slot) r).getStart(), ((Slot) r).getEnd())).toList();
		List<long[]> booked = population.patientBundles().stream()
				.flatMap(b -> ofType(resources(b), "Appointment").stream())
				.map(Appointment.class::cast)
				.filter(a -> a.getStatus() == Appointment.AppointmentStatus.BOOKED)
				.map(a -> interval(a.getStart(), a.getEnd())).toList();

		assertThat(booked).hasSizeGreaterThanOrEqualTo(50);
		for (int i = 0; i < booked.size(); i++) {
			long[] a = booked.get(i);
			assertThat(slots).noneMatch(s -> overlaps(a, s));
			assertThat(booked.subList(i + 1, booked.size())).noneMatch(b -> overlaps(a, b));
		}
	}

	@Test
	void npiWhenBuiltThenCarriesLuhnCheckDigit() {
		assertThat(DemoIds.npi(23456789)).isEqualTo("1234567893");
	}

	@Test
	void everyEntryIsConditionalPutOnAnIdentifierOfItsResource() {
		for (Bundle bundle : allBundles(population)) {
			assertThat(bundle.getType()).isEqualTo(Bundle.BundleType.TRANSACTION);
			for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
				Resource resource = entry.getResource();
				assertThat(entry.getFullUrl()).startsWith("urn:uuid:");
				// No own id (the JSON parser may have copied the fullUrl into it when encoding).
				assertThat(resource.getIdElement().getValue()).isIn(null, entry.getFullUrl());
				assertThat(entry.getRequest().getMethod()).isEqualTo(Bundle.HTTPVerb.PUT);
				String url = entry.getRequest().getUrl();
				assertThat(url).startsWith(resource.fhirType() + "?identifier=");
				String token = url.substring(url.indexOf('=') + 1);
				assertThat(identifiers(resource)).contains(token);
			}
		}
	}

	@Test
	void everyConditionalUrlAndFullUrlIsUniqueAcrossThePopulation() {
		List<String> urls = new ArrayList<>();
		List<String> fullUrls = new ArrayList<>();
		for (Bundle bundle : allBundles(population)) {
			bundle.getEntry().forEach(e -> {
				urls.add(e.getRequest().getUrl());
				fullUrls.add(e.getFullUrl());
			});
		}

		assertThat(urls).doesNotHaveDuplicates();
		assertThat(fullUrls).doesNotHaveDuplicates();
	}

	@Test
	void everyUrnUuidReferenceResolvesInsideItsBundle() {
		for (Bundle bundle : allBundles(population)) {
			Set<String> fullUrls = new HashSet<>();
			bundle.getEntry().forEach(e -> fullUrls.add(e.getFullUrl()));
			for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
				for (Reference ref : references(entry.getResource())) {
					String target = ref.getReference();
					assertThat(target).as("reference in %s", entry.getFullUrl()).isNotBlank();
					if (target.startsWith("urn:uuid:")) {
						assertThat(fullUrls).as("target of %s", entry.getRequest().getUrl()).contains(target);
					} else {
						assertThat(target).as("non-local reference must be conditional").contains("?identifier=");
					}
				}
			}
		}
	}

	@Test
	void everyConditionalReferenceMatchesExactlyOneSharedResource() {
		List<Resource> shared = resources(population.sharedResources());
		Set<String> checked = new HashSet<>();
		for (Bundle bundle : population.patientBundles()) {
			for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
				for (Reference ref : references(entry.getResource())) {
					String target = ref.getReference();
					if (target.startsWith("urn:uuid:") || !checked.add(target)) {
						continue;
					}
					String type = target.substring(0, target.indexOf('?'));
					String token = target.substring(target.indexOf('=') + 1);
					assertThat(ofType(shared, type).stream().filter(r -> identifiers(r).contains(token)))
							.as("shared match for %s", target).hasSize(1);
				}
			}
		}
		assertThat(checked).anyMatch(t -> t.startsWith("Practitioner?identifier=" + DemoIds.NPI_SYSTEM + "|"))
				.anyMatch(t -> t.startsWith("Organization?identifier="))
				.anyMatch(t -> t.startsWith("Location?identifier="));
	}

	private static long[] interval(java.util.Date start, java.util.Date end) {
		return new long[] {start.getTime(), end.getTime()};
	}

	private static boolean overlaps(long[] a, long[] b) {
		return a[0] < b[1] && b[0] < a[1];
	}

	private static Set<String> requestUrls(DemoPopulation pop) {
		Set<String> urls = new HashSet<>();
		allBundles(pop).forEach(b -> b.getEntry().forEach(e -> urls.add(e.getRequest().getUrl())));
		return urls;
	}

	static List<Resource> resources(Bundle bundle) {
		return bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getResource).toList();
	}

	static List<Resource> ofType(List<Resource> resources, String type) {
		return resources.stream().filter(r -> r.fhirType().equals(type)).toList();
	}

	static List<Reference> references(Resource resource) {
		return CTX.newTerser().getAllPopulatedChildElementsOfType(resource, Reference.class);
	}

	static List<String> identifiers(Resource resource) {
		return resource.getNamedProperty("identifier").getValues().stream()
				.map(Identifier.class::cast)
				.map(id -> id.getSystem() + "|" + id.getValue())
				.toList();
	}
}
