package org.fhirportal.extensions.booking;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.SortSpec;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.DateParam;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.ParamPrefixEnum;
import ca.uhn.fhir.rest.param.ReferenceOrListParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.SimpleBundleProvider;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Schedule;
import org.hl7.fhir.r4.model.Slot;

/**
 * {@code Slot/$find}: free slots in a time window, optionally of given practitioners' or locations' schedules and
 * for given services, soonest first. Searches through HAPI's Slot and Schedule DAOs.
 */
final class SlotFinder {

	private final DaoRegistry daos;

	SlotFinder(DaoRegistry daos) {
		this.daos = Objects.requireNonNull(daos, "daos");
	}

	record Query(Date start, Date end, List<String> practitioners, List<String> locations, List<TokenParam> serviceTypes, int count) {}

	IBundleProvider find(Query query) {
		SearchParameterMap slots = SearchParameterMap.newSynchronous();
		slots.add(Slot.SP_STATUS, new TokenParam("free"));
		slots.add(Slot.SP_START, new DateRangeParam(
				new DateParam(ParamPrefixEnum.GREATERTHAN_OR_EQUALS, query.start()),
				new DateParam(ParamPrefixEnum.LESSTHAN_OR_EQUALS, query.end())));
		if (!query.serviceTypes().isEmpty()) {
			TokenOrListParam services = new TokenOrListParam();
			query.serviceTypes().forEach(services::add);
			slots.add(Slot.SP_SERVICE_TYPE, services);
		}
		if (!query.practitioners().isEmpty() || !query.locations().isEmpty()) {
			List<String> schedules = schedulesOf(query.practitioners(), query.locations());
			if (schedules.isEmpty()) {
				return searchset(List.of());
			}
			ReferenceOrListParam inSchedules = new ReferenceOrListParam();
			schedules.forEach(id -> inSchedules.addOr(new ReferenceParam(id)));
			slots.add(Slot.SP_SCHEDULE, inSchedules);
		}
		slots.setSort(new SortSpec(Slot.SP_START));
		slots.setCount(query.count());
		IBundleProvider found = daos.getResourceDao(Slot.class).search(slots, new SystemRequestDetails());
		return searchset(found.getResources(0, query.count()));
	}

	/** Active schedules whose actors include one of the practitioners (if given) and one of the locations (if given). */
	private List<String> schedulesOf(List<String> practitioners, List<String> locations) {
		SearchParameterMap schedules = SearchParameterMap.newSynchronous();
		schedules.add(Schedule.SP_ACTIVE, new TokenParam("true"));
		for (List<String> actors : List.of(practitioners, locations)) {
			if (!actors.isEmpty()) {
				ReferenceOrListParam any = new ReferenceOrListParam();
				actors.forEach(actor -> any.addOr(new ReferenceParam(actor)));
				schedules.add(Schedule.SP_ACTOR, any);
			}
		}
		return daos.getResourceDao(Schedule.class).search(schedules, new SystemRequestDetails()).getAllResources().stream()
				.map(schedule -> "Schedule/" + schedule.getIdElement().getIdPart()).toList();
	}

	private static IBundleProvider searchset(List<IBaseResource> slots) {
		return new SimpleBundleProvider(slots);
	}
}
