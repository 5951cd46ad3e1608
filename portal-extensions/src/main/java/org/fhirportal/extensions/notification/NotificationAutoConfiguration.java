package org.fhirportal.extensions.notification;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import java.time.Clock;
import javax.sql.DataSource;
import org.fhirportal.auth.account.AccountClients;
import org.fhirportal.auth.branding.BrandingProperties;
import org.fhirportal.auth.user.JdbcPortalUsers;
import org.fhirportal.extensions.endpoint.FhirEndpointContribution;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * E-mail notices to patients ({@link NotificationProperties}): the account API of the patient's choices
 * ({@link NoticePreferencesController}) always; with {@code portal.notifications.enabled}, the features' hooks that
 * raise notices ({@link CareTeamMessageNotices}, {@link RefillAnswerNotices}, {@link ResultReleaseNotices},
 * {@link AppointmentReminders}) and the scheduled {@link NoticeSender}, which needs an SMTP server
 * ({@code spring.mail.host}). Notices go to the portal's own patient accounts, so they need the built-in
 * authorization server (not the external issuer mode).
 */
@AutoConfiguration
@ConditionalOnClass(DaoRegistry.class)
@ConditionalOnProperty(name = {"smart.auth.enabled", "portal.workflows.enabled"}, havingValue = "true", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "smart.external.enabled", havingValue = false, matchIfMissing = true)
@EnableConfigurationProperties(NotificationProperties.class)
public class NotificationAutoConfiguration {

	@Bean
	NoticePreferences noticePreferences(DataSource dataSource) {
		return new NoticePreferences(new JdbcTemplate(dataSource), Clock.systemUTC());
	}

	@Bean
	PatientEmailAddresses patientEmailAddresses(DaoRegistry daos) {
		return new PatientEmailAddresses(daos);
	}

	@Bean
	NoticePreferencesController noticePreferencesController(JdbcPortalUsers users, NoticePreferences preferences,
			PatientEmailAddresses addresses, ObjectProvider<AccountClients> accountClients, NotificationProperties properties) {
		return new NoticePreferencesController(users, preferences, addresses, accountClients.getIfAvailable(() -> AccountClients.NONE),
				properties.enabled());
	}

	/** Raising and sending notices, when they are switched on. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = "portal.notifications.enabled", havingValue = "true")
	@EnableScheduling
	static class Sending {

		@Bean
		NoticeQueue noticeQueue(DataSource dataSource, PlatformTransactionManager transactionManager) {
			return new NoticeQueue(new JdbcTemplate(dataSource), new TransactionTemplate(transactionManager), Clock.systemUTC());
		}

		@Bean
		PatientNotices patientNotices(NoticePreferences preferences, NoticeQueue queue) {
			return new PatientNotices(preferences, queue);
		}

		@Bean
		FhirEndpointContribution notificationEndpoint(PatientNotices notices) {
			return server -> {
				server.registerInterceptor(new CareTeamMessageNotices(notices));
				server.registerInterceptor(new RefillAnswerNotices(notices));
			};
		}

		@Bean
		ResultReleaseNotices resultReleaseNotices(PatientNotices notices) {
			return new ResultReleaseNotices(notices);
		}

		@Bean
		NoticeSender noticeSender(NoticeQueue queue, PatientEmailAddresses addresses, ObjectProvider<JavaMailSender> mail,
				ObjectProvider<BrandingProperties> branding, NotificationProperties properties) {
			JavaMailSender sender = mail.getIfAvailable();
			if (sender == null) {
				throw new IllegalStateException("portal.notifications.enabled is true but there is no SMTP server to send through:"
						+ " set spring.mail.host (and spring.mail.port, spring.mail.username, spring.mail.password as needed)");
			}
			String organization = java.util.Optional.ofNullable(branding.getIfAvailable()).map(BrandingProperties::organizationName)
					.orElse("FHIR Portal");
			return new NoticeSender(queue, addresses, new NoticeEmails(organization, properties), sender, properties);
		}

		@Bean
		SchedulingConfigurer noticeSchedule(NoticeSender sender, DaoRegistry daos, PatientNotices notices, NotificationProperties properties) {
			AppointmentReminders reminders = new AppointmentReminders(daos, notices, properties.timeZone(), Clock.systemUTC());
			return registrar -> {
				registrar.addFixedDelayTask(sender::sendDue, properties.pollInterval());
				registrar.addFixedDelayTask(reminders::remindOfTomorrow, properties.reminderScan());
			};
		}
	}
}
