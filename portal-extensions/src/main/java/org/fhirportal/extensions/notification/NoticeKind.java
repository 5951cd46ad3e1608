package org.fhirportal.extensions.notification;

import java.util.Arrays;
import java.util.Optional;

/**
 * The kinds of e-mail notice a patient can get, each with the wording of its e-mail. The wording says only that
 * something is waiting in the portal, never what: no message text, result, medicine, clinician or time.
 */
public enum NoticeKind {

	/** A care team member sent the patient a message (a staff-written Communication to the patient). */
	MESSAGE("message", "You have a new message", "You have a new message from your care team. Sign in to read it."),
	/** A clinician released results to the patient ({@code $release}). */
	RESULTS("results", "New results are ready", "New results are ready for you to see. Sign in to see them."),
	/** The patient has a booked appointment tomorrow. */
	APPOINTMENT("appointment", "Reminder: you have an appointment tomorrow",
			"You have an appointment tomorrow. Sign in to see when and where."),
	/** Staff accepted, rejected or completed the patient's refill request. */
	REFILL("refill", "Your refill request has an answer", "Your refill request has an answer. Sign in to see it.");

	private final String code;
	private final String subject;
	private final String sentence;

	NoticeKind(String code, String subject, String sentence) {
		this.code = code;
		this.subject = subject;
		this.sentence = sentence;
	}

	/** The name of the kind in the account API and the database ({@code message}, {@code results}, ...). */
	public String code() {
		return code;
	}

	/** The e-mail's subject, without the organization's name. */
	String subject() {
		return subject;
	}

	/** The e-mail's one sentence of news. */
	String sentence() {
		return sentence;
	}

	public static Optional<NoticeKind> fromCode(String code) {
		return Arrays.stream(values()).filter(kind -> kind.code.equals(code)).findFirst();
	}

	/** The codes, for error messages: {@code message, results, appointment, refill}. */
	static String codes() {
		return String.join(", ", Arrays.stream(values()).map(NoticeKind::code).toList());
	}
}
