package org.fhirportal.extensions.notification;

import java.util.Objects;
import org.fhirportal.extensions.release.ResultsReleased;
import org.springframework.context.event.EventListener;

/**
 * Raises a {@link NoticeKind#RESULTS} notice when a clinician releases held results to a patient
 * ({@code $release}, which announces {@link ResultsReleased}). A report released with its observations makes one
 * notice, and several releases before the e-mail goes out make one e-mail.
 */
final class ResultReleaseNotices {

	private final PatientNotices notices;

	ResultReleaseNotices(PatientNotices notices) {
		this.notices = Objects.requireNonNull(notices, "notices");
	}

	@EventListener
	public void onRelease(ResultsReleased released) {
		notices.raise(released.patientId(), NoticeKind.RESULTS);
	}
}
