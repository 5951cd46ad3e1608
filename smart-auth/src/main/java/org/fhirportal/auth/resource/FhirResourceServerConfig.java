package org.fhirportal.auth.resource;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.time.Duration;
import org.fhirportal.auth.SmartAuthProperties;
import org.fhirportal.auth.key.CachingJwkSource;
import org.fhirportal.auth.revocation.RevokedTokens;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.SessionManagementConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

/**
 * The FHIR endpoint as an OAuth 2.0 resource server: every request except the CapabilityStatement, the SMART
 * discovery document and CORS pre-flights needs a valid bearer token, checked for signature (RS256 with this
 * server's keys only, so {@code alg: none} and HMAC tokens fail), expiry, issuer, audience and revocation.
 */
@Configuration(proxyBeanMethods = false)
public class FhirResourceServerConfig {

	/** Verified tokens kept (about 3 KB each); more concurrent tokens than this only cost a signature check each. */
	private static final int VERIFIED_TOKENS = 10_000;
	/** How long a token is trusted without its signature being checked again (validators run on every request). */
	private static final Duration VERIFIED_TOKEN_MAX_AGE = Duration.ofMinutes(5);

	@Bean
	@Order(2)
	public SecurityFilterChain fhirSecurityFilterChain(HttpSecurity http, SmartAuthProperties properties, JwtDecoder fhirJwtDecoder)
			throws Exception {
		return fhirChain(http, properties.fhirPath(), fhirJwtDecoder, new SmartAccessContextConverter());
	}

	/**
	 * The FHIR endpoint's filter chain for tokens checked by {@code decoder} and read by {@code converter}: shared by
	 * the built-in authorization server's mode and external issuer mode, so both answer alike (401/403 with an
	 * OperationOutcome, public CapabilityStatement and SMART configuration).
	 */
	public static SecurityFilterChain fhirChain(HttpSecurity http, String fhir, JwtDecoder decoder, SmartAccessContextConverter converter)
			throws Exception {
		FhirBearerTokenEntryPoint entryPoint = new FhirBearerTokenEntryPoint();
		// Path matchers on the whole path: /fhir is served by HAPI's servlet, not by Spring MVC's dispatcher.
		PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
		http.securityMatcher(paths.matcher(fhir + "/**"))
				.authorizeHttpRequests(requests -> requests
						.requestMatchers(HttpMethod.OPTIONS).permitAll()
						.requestMatchers(paths.matcher(fhir + "/metadata"), paths.matcher(fhir + "/.well-known/**")).permitAll()
						.anyRequest().authenticated())
				.oauth2ResourceServer(resourceServer -> resourceServer
						.jwt(jwt -> jwt.decoder(decoder).jwtAuthenticationConverter(converter))
						.authenticationEntryPoint(entryPoint)
						.accessDeniedHandler(entryPoint))
				.exceptionHandling(exceptions -> exceptions.authenticationEntryPoint(entryPoint).accessDeniedHandler(entryPoint))
				.sessionManagement(FhirResourceServerConfig::sessionless)
				.csrf(csrf -> csrf.disable())
				.requestCache(cache -> cache.disable());
		return http.build();
	}

	/** The portal's own JSON APIs ({@code /api/**}, e.g. the EHR launch API) take the same bearer tokens. */
	@Bean
	@Order(3)
	public SecurityFilterChain apiSecurityFilterChain(HttpSecurity http, JwtDecoder fhirJwtDecoder) throws Exception {
		PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
		http.securityMatcher(paths.matcher("/api/**"))
				.authorizeHttpRequests(requests -> requests
						.requestMatchers(paths.matcher("/api/activate")).permitAll()
						.anyRequest().authenticated())
				.oauth2ResourceServer(resourceServer -> resourceServer
						.jwt(jwt -> jwt.decoder(fhirJwtDecoder).jwtAuthenticationConverter(new SmartAccessContextConverter())))
				.sessionManagement(FhirResourceServerConfig::sessionless)
				.csrf(csrf -> csrf.disable())
				.requestCache(cache -> cache.disable());
		return http.build();
	}

	/**
	 * A bearer-token request neither makes a session nor touches one: without {@code sessionFixation().none()},
	 * Spring Security's session-fixation strategy gives the browser's sign-in session (its cookie comes along with
	 * a SMART app's same-origin requests) a new id on every request, and concurrent requests then leave the browser
	 * holding an id that no longer exists: the user is asked to sign in again at the next authorization.
	 */
	private static void sessionless(SessionManagementConfigurer<HttpSecurity> sessions) {
		sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS).sessionFixation(fixation -> fixation.none());
	}

	/** The same checks for the websocket of FHIR Subscriptions, which the FHIR filter chain does not see. */
	@Bean
	public FhirBearerTokens fhirBearerTokens(JwtDecoder fhirJwtDecoder) {
		return new FhirBearerTokens(fhirJwtDecoder, new SmartAccessContextConverter());
	}

	/**
	 * Bearer tokens of this server's own issuing: the signature is checked once per token ({@link VerifiedTokenCache}),
	 * expiry, issuer, audience and revocation on every request.
	 */
	@Bean
	public JwtDecoder fhirJwtDecoder(CachingJwkSource jwkSource, SmartAuthProperties properties, RevokedTokens revokedTokens) {
		DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
		processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, jwkSource));
		processor.setJWTClaimsSetVerifier((claims, context) -> {
			// Spring's validators below check the claims
		});
		NimbusJwtDecoder signatureOnly = new NimbusJwtDecoder(processor);
		signatureOnly.setJwtValidator(jwt -> OAuth2TokenValidatorResult.success());
		return new VerifiedTokenCache(signatureOnly, new DelegatingOAuth2TokenValidator<>(
				new JwtTimestampValidator(Duration.ofSeconds(30)),
				new RequestBoundTokenValidator(properties, revokedTokens)), VERIFIED_TOKENS, VERIFIED_TOKEN_MAX_AGE);
	}
}
