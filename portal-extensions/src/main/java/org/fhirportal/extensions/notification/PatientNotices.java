package org.fhirportal.extensions.notification;

import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the portal's features raise notices: a notice of a kind the patient wants ({@link NoticePreferences}) is
 * queued ({@link NoticeQueue}) in the caller's transaction, to be e-mailed by {@link NoticeSender}.
 */
final class PatientNotices {

	private static final Logger log = LoggerFactory.getLogger(PatientNotices.class);

	private final NoticePreferences preferences;
	private final NoticeQueue queue;

	PatientNotices(NoticePreferences preferences, NoticeQueue queue) {
		this.preferences = Objects.requireNonNull(preferences, "preferences");
		this.queue = Objects.requireNonNull(queue, "queue");
	}

	/** Raises a notice for the patient (their Patient id) unless they switched the kind off. */
	void raise(String patientId, NoticeKind kind) {
		raise(patientId, kind, null);
	}

	/** As {@link #raise(String, NoticeKind)}, once only for the {@code dedupKey} (null: no such limit). */
	void raise(String patientId, NoticeKind kind, String dedupKey) {
		if (patientId == null || patientId.isBlank() || !preferences.wants(patientId, kind)) {
			return;
		}
		if (queue.enqueue(patientId, kind, dedupKey)) {
			log.debug("notice {} raised for Patient/{}", kind.code(), patientId);
		}
	}
}
