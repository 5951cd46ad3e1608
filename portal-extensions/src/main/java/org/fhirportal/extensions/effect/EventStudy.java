package org.fhirportal.extensions.effect;

import java.util.List;

/**
 * What {@link StaggeredDid} found: the group-time effects, the event-study curve by period since adoption
 * (negative periods are the pre-adoption placebo checks; period -1 is the reference and absent), and the average
 * over all post-adoption periods. Aggregates only: nothing here identifies a unit.
 *
 * @param inference "influence function" or "multiplier bootstrap"
 * @param naiveDifference mean outcome of adopters' months after adoption minus that of never-adopters' months
 */
public record EventStudy(List<GroupTime> groupTimes, List<EventTime> curve, EventTime overall, double naiveDifference,
		int units, int adopters, int neverAdopters, int excludedAlreadyAdopted, String inference) {

	public EventStudy {
		groupTimes = List.copyOf(groupTimes);
		curve = List.copyOf(curve);
	}

	/**
	 * ATT(g,t): the effect in period {@code t} on units that adopted in period {@code group}.
	 *
	 * @param treatedCount units of the group
	 * @param controlCount not-yet-adopted units compared with them
	 */
	public record GroupTime(int group, int period, double estimate, double standardError, int treatedCount, int controlCount) {
	}

	/**
	 * One point of the event-study curve, or the post-adoption average (then {@code periodsSinceAdoption} is the
	 * number of post-adoption periods averaged, and {@code adopters} the largest group count among them).
	 *
	 * @param groups how many adoption cohorts contribute
	 * @param adopters how many adopters contribute
	 */
	public record EventTime(int periodsSinceAdoption, double estimate, double standardError, Interval interval, int groups, int adopters) {
	}

	/** The point of the curve at this many periods since adoption, if estimable. */
	public java.util.Optional<EventTime> at(int periodsSinceAdoption) {
		return curve.stream().filter(e -> e.periodsSinceAdoption() == periodsSinceAdoption).findFirst();
	}
}
