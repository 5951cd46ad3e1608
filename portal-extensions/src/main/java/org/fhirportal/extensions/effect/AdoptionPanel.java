package org.fhirportal.extensions.effect;

import java.util.Objects;

/**
 * A balanced panel for staggered adoption: one outcome per unit and period (month), and the period in which each
 * unit adopted (its first month of portal use), or {@link #NEVER}. Plain arrays, not copied.
 *
 * @param outcomes {@code outcomes[i][t]}, every row the same length, all finite
 * @param adoption the index of the first exposed period of each unit, or {@link #NEVER}
 */
public record AdoptionPanel(double[][] outcomes, int[] adoption) {

	/** The adoption period of a unit that did not adopt within the panel. */
	public static final int NEVER = -1;

	public AdoptionPanel {
		Objects.requireNonNull(outcomes, "outcomes");
		Objects.requireNonNull(adoption, "adoption");
		if (outcomes.length != adoption.length) {
			throw new IllegalArgumentException("outcomes and adoption must have one entry per unit");
		}
		int periods = outcomes.length == 0 ? 0 : outcomes[0].length;
		for (double[] row : outcomes) {
			if (row.length != periods) {
				throw new IllegalArgumentException("the panel must be balanced: every unit needs " + periods + " periods");
			}
		}
	}

	public int units() {
		return adoption.length;
	}

	public int periods() {
		return outcomes.length == 0 ? 0 : outcomes[0].length;
	}

	/** The adoption period if it lies inside the panel, otherwise {@link #NEVER}. */
	int group(int unit) {
		int g = adoption[unit];
		return g >= 0 && g < periods() ? g : NEVER;
	}

	/** Whether the unit is untreated in every period up to and including {@code period}. */
	boolean notYetTreated(int unit, int period) {
		int g = group(unit);
		return g == NEVER || g > period;
	}
}
