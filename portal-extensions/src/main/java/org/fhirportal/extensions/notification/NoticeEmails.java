package org.fhirportal.extensions.notification;

import java.util.Objects;
import org.springframework.mail.SimpleMailMessage;

/**
 * The e-mail of a notice: the organization's name, one sentence saying that something is waiting (the
 * {@link NoticeKind}'s wording), the portal's address and how to choose notices. It carries nothing of the
 * record: no message text, result, medicine, clinician, time or even the patient's name, since e-mail is read on
 * shared screens and kept by providers outside the organization.
 */
final class NoticeEmails {

	private final String organizationName;
	private final NotificationProperties properties;

	NoticeEmails(String organizationName, NotificationProperties properties) {
		this.organizationName = Objects.requireNonNull(organizationName, "organizationName");
		this.properties = Objects.requireNonNull(properties, "properties");
	}

	SimpleMailMessage compose(NoticeKind kind, String to) {
		SimpleMailMessage mail = new SimpleMailMessage();
		mail.setFrom(properties.fromAddress());
		mail.setTo(to);
		mail.setSubject(organizationName + ": " + kind.subject());
		mail.setText("""
				Hello,

				%s

				%s patient portal: %s

				For your privacy, this e-mail does not say more. You can choose which e-mails you get under Account \
				settings in the portal.
				""".formatted(kind.sentence(), organizationName, properties.portalUrl()));
		return mail;
	}
}
