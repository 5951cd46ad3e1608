package org.fhirportal.server.subscription;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.model.config.SubscriptionSettings;
import ca.uhn.fhir.jpa.subscription.match.deliver.websocket.SubscriptionWebsocketHandler;
import ca.uhn.fhir.jpa.subscription.match.deliver.websocket.WebsocketConnectionValidator;
import ca.uhn.fhir.rest.server.interceptor.auth.AuthorizationInterceptor;
import java.time.Clock;
import java.util.Optional;
import org.fhirportal.auth.resource.FhirBearerTokens;
import org.fhirportal.auth.revocation.RevokedTokens;
import org.fhirportal.server.rest.FhirEndpoint;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistration;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.handler.PerConnectionWebSocketHandler;

/**
 * The websocket of FHIR Subscriptions at {@code /websocket}, in place of HAPI's {@code WebsocketDispatcherConfig}
 * (which lets anyone bind any Subscription from any origin): HAPI's handler, one per connection, behind
 * {@link AuthenticatedWebsocketHandler}; browser origins limited to the server's own and
 * {@code portal.websocket.allowed-origins}. With tokens switched off ({@code smart.auth.enabled=false}) the socket
 * is as open as the FHIR endpoint.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSocket
public class SubscriptionWebsocketConfig implements WebSocketConfigurer {

	private final SubscriptionSettings settings;
	private final WebsocketProperties properties;
	private final ObjectProvider<FhirBearerTokens> tokens;
	private final ObjectProvider<WebsocketTokenWatch> watch;
	private final ObjectProvider<SubscriptionReadAccess> access;
	private final ObjectProvider<PerConnectionWebSocketHandler> hapi;

	public SubscriptionWebsocketConfig(SubscriptionSettings settings, WebsocketProperties properties, ObjectProvider<FhirBearerTokens> tokens,
			ObjectProvider<WebsocketTokenWatch> watch, ObjectProvider<SubscriptionReadAccess> access,
			ObjectProvider<PerConnectionWebSocketHandler> hapi) {
		this.hapi = hapi;
		this.settings = settings;
		this.properties = properties;
		this.tokens = tokens;
		this.watch = watch;
		this.access = access;
	}

	/** HAPI's handler looks this up to find the active Subscription a {@code bind} names. */
	@Bean
	public WebsocketConnectionValidator websocketConnectionValidator() {
		return new WebsocketConnectionValidator();
	}

	/** HAPI's handler, one per connection; a bean, so that each one gets HAPI's collaborators injected. */
	@Bean
	public PerConnectionWebSocketHandler subscriptionWebSocketHandler() {
		return new PerConnectionWebSocketHandler(SubscriptionWebsocketHandler.class);
	}

	@Bean
	WebsocketTokenWatch websocketTokenWatch(ObjectProvider<RevokedTokens> revokedTokens) {
		return new WebsocketTokenWatch(properties, Optional.ofNullable(revokedTokens.getIfAvailable()), Clock.systemUTC());
	}

	@Bean
	SubscriptionReadAccess subscriptionReadAccess(DaoRegistry daos, ObjectProvider<FhirEndpoint> endpoint,
			ObjectProvider<AuthorizationInterceptor> guard) {
		return new SubscriptionReadAccess(daos, endpoint, guard);
	}

	@Override
	public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
		WebSocketHandler perConnection = hapi.getObject();
		FhirBearerTokens bearerTokens = tokens.getIfAvailable();
		WebSocketHandlerRegistration registration = bearerTokens == null
				? registry.addHandler(perConnection, settings.getWebsocketContextPath())
				: registry.addHandler(new AuthenticatedWebsocketHandler(perConnection, bearerTokens, access.getObject(), watch.getObject()),
						settings.getWebsocketContextPath()).addInterceptors(new BearerTokenHandshakeInterceptor(bearerTokens));
		registration.setAllowedOriginPatterns(properties.allowedOrigins().toArray(String[]::new));
	}
}
