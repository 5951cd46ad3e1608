package org.fhirportal.auth;

import org.fhirportal.auth.cluster.ClusterEventsConfig;
import org.fhirportal.auth.cluster.SchedulerLockConfig;
import org.fhirportal.auth.branding.BrandedErrorViewResolver;
import org.fhirportal.auth.branding.BrandingModelAdvice;
import org.fhirportal.auth.branding.BrandingProperties;
import org.fhirportal.auth.branding.PagesStylesheetController;
import org.fhirportal.auth.client.AdminClientRegistrar;
import org.fhirportal.auth.user.SignInPageController;
import org.fhirportal.auth.discovery.BuiltInSmartConfiguration;
import org.fhirportal.auth.discovery.SmartConfiguration;
import org.fhirportal.auth.discovery.SmartConfigurationEndpointFilter;
import org.fhirportal.auth.discovery.SmartStyleEndpointFilter;
import org.fhirportal.auth.external.ExternalIssuerConfig;
import org.fhirportal.auth.external.ExternalIssuerProperties;
import org.fhirportal.auth.event.SecurityAuditPublisher;
import org.fhirportal.auth.account.AccountClients;
import org.fhirportal.auth.account.ActivationPageController;
import org.fhirportal.auth.account.MeController;
import org.fhirportal.auth.mfa.MfaController;
import org.fhirportal.auth.mfa.MfaEnrolments;
import org.fhirportal.auth.mfa.MfaSettingsController;
import org.fhirportal.auth.mfa.MfaLoginSuccessHandler;
import org.fhirportal.auth.mfa.TotpCodes;
import org.fhirportal.auth.user.JdbcPortalUsers;
import org.fhirportal.auth.resource.FhirResourceServerConfig;
import org.fhirportal.auth.server.AuthorizationServerConfig;
import org.fhirportal.auth.registration.ClientRegistrationConfig;
import org.fhirportal.auth.firewall.AsciiFastPathFirewall;
import org.fhirportal.auth.headers.ReferrerPolicyFilter;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.security.oauth2.resource.servlet.OAuth2ResourceServerAutoConfiguration;
import org.springframework.boot.autoconfigure.security.oauth2.server.servlet.OAuth2AuthorizationServerAutoConfiguration;
import org.springframework.boot.autoconfigure.security.oauth2.server.servlet.OAuth2AuthorizationServerJwtAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

/**
 * Wires the FHIR endpoint's token checks into the application, in one of three modes: the built-in SMART
 * authorization server ({@code smart.auth.enabled=true}, the default); an external OpenID Connect issuer trusted
 * instead ({@code smart.external.enabled=true}, see {@link ExternalIssuerProperties}), with the built-in server off;
 * or no token checks at all ({@code smart.auth.enabled=false}), every path open.
 */
@AutoConfiguration(before = {
	SecurityAutoConfiguration.class,
	UserDetailsServiceAutoConfiguration.class,
	OAuth2AuthorizationServerAutoConfiguration.class,
	OAuth2AuthorizationServerJwtAutoConfiguration.class,
	OAuth2ResourceServerAutoConfiguration.class
})
@EnableConfigurationProperties({SmartAuthProperties.class, ExternalIssuerProperties.class, BrandingProperties.class})
@Import(ClusterEventsConfig.class)
public class SmartAuthAutoConfiguration {

	/**
	 * No Micrometer observations around each security filter, authentication and authorization: wrapping the dozen
	 * filters of every FHIR request cost almost a tenth of a read's CPU time, and the request-level metrics
	 * ({@code http.server.requests}) and the audit trail already account for every request. An application that
	 * wants them declares its own {@link SecurityObservationSettings}.
	 */
	@Bean
	@ConditionalOnMissingBean
	static SecurityObservationSettings securityObservationSettings() {
		return SecurityObservationSettings.noObservations();
	}

	/** Spring Security's strict firewall, with the same rules checked faster: see {@link AsciiFastPathFirewall}. */
	@Bean
	static WebSecurityCustomizer asciiFastPathFirewall() {
		return web -> web.httpFirewall(AsciiFastPathFirewall.strict());
	}

	/** {@code Referrer-Policy} on every response, in every mode: see {@link ReferrerPolicyFilter}. */
	@Bean
	static FilterRegistrationBean<ReferrerPolicyFilter> referrerPolicyFilter() {
		FilterRegistrationBean<ReferrerPolicyFilter> registration = new FilterRegistrationBean<>(new ReferrerPolicyFilter());
		registration.setOrder(org.springframework.core.Ordered.HIGHEST_PRECEDENCE + 10);
		return registration;
	}

	/** The SMART discovery document of whichever authorization server is in use. */
	static FilterRegistrationBean<SmartConfigurationEndpointFilter> smartConfigurationEndpoint(SmartAuthProperties properties,
			SmartConfiguration configuration) {
		FilterRegistrationBean<SmartConfigurationEndpointFilter> registration =
				new FilterRegistrationBean<>(new SmartConfigurationEndpointFilter(properties.fhirPath(), configuration));
		registration.addUrlPatterns(properties.fhirPath() + "/.well-known/smart-configuration");
		return registration;
	}

	/** External issuer mode: tokens of an external OpenID Connect issuer at {@code /fhir}, no built-in server. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = "smart.auth.enabled", matchIfMissing = true)
	@ConditionalOnBooleanProperty(name = "smart.external.enabled")
	@Import(ExternalIssuerConfig.class)
	static class External {

		@Bean
		FilterRegistrationBean<SmartConfigurationEndpointFilter> smartConfigurationEndpoint(SmartAuthProperties properties,
				SmartConfiguration configuration) {
			return SmartAuthAutoConfiguration.smartConfigurationEndpoint(properties, configuration);
		}
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = "smart.auth.enabled", matchIfMissing = true)
	@ConditionalOnBooleanProperty(name = "smart.external.enabled", havingValue = false, matchIfMissing = true)
	@Import({AuthorizationServerConfig.class, ClientRegistrationConfig.class, FhirResourceServerConfig.class, SchedulerLockConfig.class})
	@EnableScheduling
	static class Enabled {

		@Bean
		AdminClientRegistrar adminClientRegistrar(RegisteredClientRepository clients, PasswordEncoder clientSecretEncoder,
				SmartAuthProperties properties) {
			properties.adminClientSecret(); // fails at start-up, naming the variable, when no secret is configured
			return new AdminClientRegistrar(clients, clientSecretEncoder, properties);
		}

		@Bean
		SmartConfiguration smartConfiguration(SmartAuthProperties properties) {
			return new BuiltInSmartConfiguration(properties);
		}

		@Bean
		FilterRegistrationBean<SmartConfigurationEndpointFilter> smartConfigurationEndpoint(SmartAuthProperties properties,
				SmartConfiguration configuration) {
			return SmartAuthAutoConfiguration.smartConfigurationEndpoint(properties, configuration);
		}

		@Bean
		FilterRegistrationBean<SmartStyleEndpointFilter> smartStyleEndpoint(BrandingProperties branding) {
			FilterRegistrationBean<SmartStyleEndpointFilter> registration = new FilterRegistrationBean<>(new SmartStyleEndpointFilter(branding));
			registration.addUrlPatterns(SmartStyleEndpointFilter.PATH);
			return registration;
		}

		/**
		 * Everything outside the authorization server and the FHIR endpoint: health and errors are public, and
		 * users sign in at {@code /login} (where the authorization endpoint sends them).
		 */
		@Bean
		TotpCodes totpCodes() {
			return new TotpCodes(java.time.Clock.systemUTC());
		}

		@Bean
		MfaLoginSuccessHandler mfaLoginSuccessHandler(JdbcPortalUsers users, SmartAuthProperties properties) {
			return new MfaLoginSuccessHandler(users, properties.mfaRequiredRoles());
		}

		@Bean
		MfaController mfaController(JdbcPortalUsers users, TotpCodes codes, SmartAuthProperties properties, SecurityAuditPublisher audit,
				BrandingProperties branding) {
			return new MfaController(users, codes, branding.organizationName(), properties.lockout().maxAttempts(),
					properties.lockout().duration(), audit);
		}

		/** The server's own pages in the organization's look: see {@link BrandingProperties}. */
		@Bean
		BrandingModelAdvice brandingModelAdvice(BrandingProperties branding) {
			return new BrandingModelAdvice(branding);
		}

		@Bean
		PagesStylesheetController pagesStylesheetController(BrandingProperties branding) {
			return new PagesStylesheetController(branding);
		}

		@Bean
		SignInPageController signInPageController() {
			return new SignInPageController();
		}

		/** Error pages for browsers in the same look (replaces Spring Boot's convention-based error view resolver). */
		@Bean
		BrandedErrorViewResolver brandedErrorViewResolver(BrandingProperties branding) {
			return new BrandedErrorViewResolver(branding);
		}

		/**
		 * Two-step sign-in from the account settings of the apps the application names ({@link AccountClients}
		 * bean, e.g. the portal web app); without one, no app may change it.
		 */
		@Bean
		MfaSettingsController mfaSettingsController(JdbcPortalUsers users, org.springframework.jdbc.core.JdbcTemplate jdbc, TotpCodes codes,
				SmartAuthProperties properties, ObjectProvider<AccountClients> accountClients, SecurityAuditPublisher audit,
				BrandingProperties branding) {
			return new MfaSettingsController(users, new MfaEnrolments(jdbc, java.time.Clock.systemUTC()), codes, branding.organizationName(),
					properties.mfaRequiredRoles(), accountClients.getIfAvailable(() -> AccountClients.NONE), properties.lockout().maxAttempts(),
					properties.lockout().duration(), audit);
		}

		@Bean
		MeController meController(JdbcPortalUsers users) {
			return new MeController(users);
		}

		/**
		 * The content security policy of the sign-in, second-factor, consent and patient picker pages: nothing but
		 * their own style sheet and images (and the organization's logo, wherever it is served); no script, no
		 * plug-in, no framing. No {@code form-action}: Chromium applies it to the redirects after a form is sent,
		 * and the consent form's answer is a redirect to the app, on any origin its registration names.
		 */
		static String signInPagesPolicy(BrandingProperties branding) {
			return "default-src 'none'; style-src 'self'; img-src 'self' data:" + branding.logoOrigin().map(origin -> " " + origin).orElse("")
					+ "; base-uri 'none'; object-src 'none'; frame-ancestors 'none'";
		}

		@Bean
		@org.springframework.core.annotation.Order(10)
		SecurityFilterChain applicationSecurityFilterChain(HttpSecurity http, MfaLoginSuccessHandler mfa, BrandingProperties branding)
				throws Exception {
			PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
			// A browser asks for /favicon.ico by itself on a site's first page: sent to the sign-in page, that request
			// got a session of its own, whose cookie could replace the one holding the pending authorization request
			// (the user then landed on "/" after signing in). It is public, and answered without a session.
			http.authorizeHttpRequests(requests -> requests
							.requestMatchers(paths.matcher("/actuator/health"), paths.matcher("/actuator/health/**"), paths.matcher("/error"),
									paths.matcher("/login/mfa"), paths.matcher("/favicon.ico"), paths.matcher(SmartStyleEndpointFilter.PATH),
									paths.matcher(PagesStylesheetController.PATH), paths.matcher(ActivationPageController.PATH),
									paths.matcher("/websocket"), paths.matcher("/websocket/**")).permitAll()
							.anyRequest().authenticated())
					.csrf(csrf -> csrf.ignoringRequestMatchers(paths.matcher("/websocket/**")))
					.headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(signInPagesPolicy(branding))))
					.httpBasic(basic -> basic.disable())
					.formLogin(form -> form.loginPage(SignInPageController.PATH).permitAll().successHandler(mfa));
			return http.build();
		}
	}

	/** Switched off: no authorization server, and no Spring Security default that would lock every path. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = "smart.auth.enabled", havingValue = "false")
	static class Disabled {

		@Bean
		SecurityFilterChain openSecurityFilterChain(HttpSecurity http) throws Exception {
			http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll()).csrf(csrf -> csrf.disable());
			return http.build();
		}
	}
}
