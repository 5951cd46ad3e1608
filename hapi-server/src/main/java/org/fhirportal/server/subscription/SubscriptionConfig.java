package org.fhirportal.server.subscription;

import ca.uhn.fhir.jpa.model.config.SubscriptionSettings;
import ca.uhn.fhir.jpa.subscription.match.deliver.email.IEmailSender;
import org.hl7.fhir.dstu2.model.Subscription.SubscriptionChannelType;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * FHIR Subscriptions through HAPI's subscription machinery: rest-hook and websocket channels
 * (the websocket endpoint is {@code /websocket}, served by HAPI's {@code WebsocketDispatcherConfig}).
 */
@Configuration(proxyBeanMethods = false)
public class SubscriptionConfig {

	@Bean
	public SubscriptionSettings subscriptionSettings() {
		SubscriptionSettings settings = new SubscriptionSettings();
		settings.addSupportedSubscriptionType(SubscriptionChannelType.RESTHOOK);
		settings.addSupportedSubscriptionType(SubscriptionChannelType.WEBSOCKET);
		settings.setSubscriptionChangeQueuedImmediately(true);
		return settings;
	}

	/**
	 * HAPI's subscription processor always asks for an e-mail sender; the e-mail channel is not offered
	 * (patients' data never goes out by e-mail), so this one refuses.
	 */
	@Bean
	public IEmailSender emailSender() {
		return details -> {
			throw new IllegalStateException("E-mail subscriptions are not supported by this server");
		};
	}
}
