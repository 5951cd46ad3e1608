package org.fhirportal.extensions.effect;

/** Whose average effect is estimated. */
public enum Estimand {
	/** Average treatment effect: had everyone used the portal versus had no one. */
	ATE,
	/** Average treatment effect on the treated: among those who used it, versus had they not. */
	ATT
}
