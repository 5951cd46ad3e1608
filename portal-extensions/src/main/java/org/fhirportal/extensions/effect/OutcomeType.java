package org.fhirportal.extensions.effect;

/** Whether an outcome is a 0/1 event (modelled by logistic regression) or a quantity (by linear regression). */
public enum OutcomeType {
	BINARY,
	CONTINUOUS
}
