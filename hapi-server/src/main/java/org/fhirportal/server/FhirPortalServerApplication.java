package org.fhirportal.server;

import ca.uhn.fhir.batch2.jobs.config.Batch2JobsConfig;
import ca.uhn.fhir.jpa.batch2.JpaBatch2Config;
import ca.uhn.fhir.jpa.config.r4.JpaR4Config;
import ca.uhn.fhir.jpa.subscription.channel.config.SubscriptionChannelConfig;
import ca.uhn.fhir.jpa.subscription.match.config.SubscriptionProcessorConfig;
import ca.uhn.fhir.jpa.subscription.submit.config.SubscriptionSubmitterConfig;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.elasticsearch.ElasticsearchRestClientAutoConfiguration;
import org.springframework.boot.autoconfigure.quartz.QuartzAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Import;

/**
 * FHIR Portal Server: HAPI FHIR's JPA server for R4, assembled from HAPI's own configuration classes
 * ({@link JpaR4Config}, Batch2, subscriptions) plus the small configurations in this module's feature
 * packages ({@code storage}, {@code rest}, {@code subscription}, {@code health}, {@code demo}).
 */
@SpringBootApplication(exclude = {
	ElasticsearchRestClientAutoConfiguration.class,
	// HAPI runs its own Quartz schedulers; Spring Boot's would be a third, idle one
	QuartzAutoConfiguration.class,
	// users come from the portal's own store, never from a generated default password
	UserDetailsServiceAutoConfiguration.class
})
@ConfigurationPropertiesScan
@Import({
	JpaR4Config.class,
	JpaBatch2Config.class,
	Batch2JobsConfig.class,
	SubscriptionSubmitterConfig.class,
	SubscriptionProcessorConfig.class,
	SubscriptionChannelConfig.class
	// the websocket: subscription/SubscriptionWebsocketConfig (HAPI's WebsocketDispatcherConfig binds anonymously)
})
public class FhirPortalServerApplication {

	public static void main(String[] args) {
		SpringApplication.run(FhirPortalServerApplication.class, args);
	}
}
