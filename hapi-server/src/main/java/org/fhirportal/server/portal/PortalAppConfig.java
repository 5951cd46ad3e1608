package org.fhirportal.server.portal;

import org.fhirportal.auth.SmartAuthProperties;
import org.fhirportal.auth.account.AccountClients;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Serves the patient portal web app (module {@code portal-app}, classpath {@code META-INF/resources/portal/}) at
 * {@code /portal/} and registers it as a SMART public client. The app's files are public and hold no secret; the
 * app reaches data only with the tokens the authorization server gives it, like any third-party app.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PortalAppProperties.class)
@ConditionalOnProperty(name = "portal.app.enabled", havingValue = "true", matchIfMissing = true)
public class PortalAppConfig {

	/** The app's static files need no session and no sign-in; a strict content security policy guards them. */
	private static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
			+ "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

	@Bean
	@Order(5)
	SecurityFilterChain portalAppSecurityFilterChain(HttpSecurity http) throws Exception {
		PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
		http.securityMatcher(new OrRequestMatcher(paths.matcher("/portal"), paths.matcher("/portal/**")))
				.authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
				.headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY)))
				.sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
				.requestCache(cache -> cache.disable())
				.csrf(csrf -> csrf.disable());
		return http.build();
	}

	/** {@code /portal} and {@code /portal/} show the app's page; its assets are served as static resources. */
	@Bean
	WebMvcConfigurer portalAppPages() {
		return new WebMvcConfigurer() {
			@Override
			public void addViewControllers(ViewControllerRegistry registry) {
				registry.addRedirectViewController("/portal", "/portal/");
				registry.addViewController("/portal/").setViewName("forward:/portal/index.html");
			}
		};
	}

	/** The portal app is where users change their own sign-in settings (two-step sign-in); no third-party app may. */
	@Bean
	AccountClients portalAccountClients(PortalAppProperties app) {
		return AccountClients.of(java.util.Set.of(app.clientId()));
	}

	/** Only where this server is the authorization server ({@code smart.auth.enabled}, the default). */
	@Bean
	@ConditionalOnProperty(name = "smart.auth.enabled", havingValue = "true", matchIfMissing = true)
	@ConditionalOnBooleanProperty(name = "smart.external.enabled", havingValue = false, matchIfMissing = true)
	PortalClientRegistrar portalClientRegistrar(RegisteredClientRepository clients, PortalAppProperties app, SmartAuthProperties auth) {
		return new PortalClientRegistrar(clients, app, auth);
	}
}
