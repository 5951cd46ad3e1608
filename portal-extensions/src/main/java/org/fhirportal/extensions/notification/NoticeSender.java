package org.fhirportal.extensions.notification;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.mail.MailException;
import org.springframework.mail.javamail.JavaMailSender;

/**
 * Sends the notices that are due, on a schedule on every server node: claims a batch ({@link NoticeQueue#claimDue}),
 * e-mails each to the patient's address ({@link PatientEmailAddresses}) through the SMTP server
 * ({@link JavaMailSender}) and marks it sent. A failure (the SMTP server down or refusing) leaves the notice pending
 * with its try counted, to be tried again after a doubling wait ({@link NotificationProperties#backoffAfter}), so no
 * notice is lost; a patient without an e-mail address closes the notice as undeliverable.
 */
final class NoticeSender {

	private static final Logger log = LoggerFactory.getLogger(NoticeSender.class);

	private final NoticeQueue queue;
	private final PatientEmailAddresses addresses;
	private final NoticeEmails emails;
	private final JavaMailSender mail;
	private final NotificationProperties properties;

	NoticeSender(NoticeQueue queue, PatientEmailAddresses addresses, NoticeEmails emails, JavaMailSender mail, NotificationProperties properties) {
		this.queue = Objects.requireNonNull(queue, "queue");
		this.addresses = Objects.requireNonNull(addresses, "addresses");
		this.emails = Objects.requireNonNull(emails, "emails");
		this.mail = Objects.requireNonNull(mail, "mail");
		this.properties = Objects.requireNonNull(properties, "properties");
	}

	/**
	 * Sends one batch of due notices. After the SMTP server fails once, the rest of the batch is not tried but put
	 * back, untried, for after the same wait: a server that is down is not asked again for each notice.
	 */
	void sendDue() {
		Duration smtpDown = null;
		for (NoticeQueue.Claimed notice : queue.claimDue(properties.batchSize(), properties.claimTimeout())) {
			if (smtpDown != null) {
				queue.postpone(notice, smtpDown);
			} else if (!send(notice)) {
				smtpDown = properties.backoffAfter(notice.attempts());
			}
		}
	}

	/** Sends the notice, or closes it as undeliverable; false only when the SMTP server failed. */
	private boolean send(NoticeQueue.Claimed notice) {
		Optional<String> address;
		try {
			address = addresses.of(notice.patientId());
		} catch (RuntimeException e) {
			queue.failed(notice, properties.backoffAfter(notice.attempts()), "patient record unreadable: " + e.getMessage());
			return true;
		}
		if (address.isEmpty()) {
			queue.undeliverable(notice, "Patient/" + notice.patientId() + " has no e-mail address (Patient.telecom system email)");
			return true;
		}
		try {
			mail.send(emails.compose(notice.kind(), address.get()));
		} catch (MailException e) {
			log.warn("notice {} not sent (try {}), tried again later: {}", notice.id(), notice.attempts(), e.getMessage());
			queue.failed(notice, properties.backoffAfter(notice.attempts()), e.getMessage());
			return false;
		}
		queue.sent(notice);
		return true;
	}
}
