package org.fhirportal.auth.external;

import java.time.Instant;
import java.util.Objects;
import org.fhirportal.auth.SmartAuthProperties;
import org.fhirportal.auth.discovery.SmartConfiguration;
import org.fhirportal.auth.resource.FhirBearerTokens;
import org.fhirportal.auth.resource.FhirResourceServerConfig;
import org.fhirportal.auth.resource.SmartAccessContextConverter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.web.SecurityFilterChain;

/**
 * External issuer mode ({@code smart.external.enabled=true}): the FHIR endpoint as a resource server of an
 * external OpenID Connect issuer. Tokens are checked with Spring Security's {@link NimbusJwtDecoder} against the
 * issuer's JWK Set (only the configured asymmetric algorithms, so {@code alg: none} and HMAC tokens fail), its
 * {@code iss}, this FHIR endpoint as {@code aud}, and {@code exp}; their claims become the same
 * {@link org.fhirportal.auth.resource.SmartAccessContext} the built-in server's tokens do, so access control is
 * unchanged. The built-in authorization server, its sign-in pages and APIs are not started.
 */
@Configuration(proxyBeanMethods = false)
public class ExternalIssuerConfig {

	@Bean
	@Order(2)
	public SecurityFilterChain fhirSecurityFilterChain(HttpSecurity http, SmartAuthProperties properties, JwtDecoder externalJwtDecoder,
			ExternalIssuerProperties external) throws Exception {
		return FhirResourceServerConfig.fhirChain(http, properties.fhirPath(), externalJwtDecoder,
				SmartAccessContextConverter.forExternalIssuer(external.claims().names()));
	}

	/** Nothing outside the FHIR endpoint needs a user here: the built-in sign-in pages and APIs are absent. */
	@Bean
	@Order(10)
	public SecurityFilterChain openSecurityFilterChain(HttpSecurity http) throws Exception {
		http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll()).csrf(csrf -> csrf.disable());
		return http.build();
	}

	@Bean
	public JwtDecoder externalJwtDecoder(ExternalIssuerProperties external, SmartAuthProperties properties) {
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(external.jwksUri())
				.jwsAlgorithms(algorithms -> external.algorithms().forEach(name -> algorithms.add(SignatureAlgorithm.from(name))))
				.build();
		decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
				new JwtClaimValidator<Instant>(JwtClaimNames.EXP, Objects::nonNull),
				new JwtTimestampValidator(external.clockSkew()),
				new JwtIssuerValidator(external.issuerUri()),
				new FhirAudienceValidator(external.audience(), properties.fhirPath())));
		return decoder;
	}

	/** The same checks for the websocket of FHIR Subscriptions, which the FHIR filter chain does not see. */
	@Bean
	public FhirBearerTokens fhirBearerTokens(JwtDecoder externalJwtDecoder, ExternalIssuerProperties external) {
		return new FhirBearerTokens(externalJwtDecoder, SmartAccessContextConverter.forExternalIssuer(external.claims().names()));
	}

	@Bean
	public SmartConfiguration smartConfiguration(ExternalIssuerProperties external) {
		return new ExternalSmartConfiguration(external);
	}
}
