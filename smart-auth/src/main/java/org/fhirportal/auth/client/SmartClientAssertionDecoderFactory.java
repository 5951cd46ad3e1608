package org.fhirportal.auth.client;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.ResourceRetriever;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.net.MalformedURLException;
import java.net.URI;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoderFactory;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

/**
 * Decodes the client assertions of asymmetric clients (private_key_jwt, RS384 or ES384) against the client's
 * registered keys: an inline JWKS ({@link #JWKS_SETTING}) or a {@code jwks_uri} (Spring Authorization Server's
 * {@code jwkSetUrl}, fetched and cached by Nimbus), then applies {@link ClientAssertionValidator}. Replaces Spring
 * Authorization Server's factory, which accepts only a JWK Set URL and does not refuse replayed assertions.
 */
public final class SmartClientAssertionDecoderFactory implements JwtDecoderFactory<RegisteredClient> {

	/** Client setting holding the client's public keys as a JWKS JSON document. */
	public static final String JWKS_SETTING = "settings.client.smart-jwks";

	private final UsedClientAssertions usedAssertions;
	private final String tokenEndpointPath;
	private final Clock clock;
	private final ResourceRetriever jwksUriRetriever;
	private final Map<String, JwtDecoder> decoders = new ConcurrentHashMap<>();

	/**
	 * @param jwksUriRetriever fetches a client's {@code jwks_uri}; it must refuse what registration refuses
	 *                         (internal addresses, redirects), since DNS can change after registration
	 */
	public SmartClientAssertionDecoderFactory(UsedClientAssertions usedAssertions, String tokenEndpointPath, Clock clock,
			ResourceRetriever jwksUriRetriever) {
		this.usedAssertions = Objects.requireNonNull(usedAssertions, "usedAssertions");
		this.tokenEndpointPath = Objects.requireNonNull(tokenEndpointPath, "tokenEndpointPath");
		this.clock = Objects.requireNonNull(clock, "clock");
		this.jwksUriRetriever = Objects.requireNonNull(jwksUriRetriever, "jwksUriRetriever");
	}

	@Override
	public JwtDecoder createDecoder(RegisteredClient client) {
		String jwks = client.getClientSettings().getSetting(JWKS_SETTING);
		String jwksUri = client.getClientSettings().getJwkSetUrl();
		if (jwks == null && jwksUri == null) {
			return assertion -> {
				throw new BadJwtException("client " + client.getClientId() + " registered no public keys");
			};
		}
		String key = client.getClientId() + "|" + Objects.toString(jwks, "") + "|" + Objects.toString(jwksUri, "");
		return decoders.computeIfAbsent(key, k -> newDecoder(client.getClientId(), keys(client.getClientId(), jwks, jwksUri)));
	}

	private JwtDecoder newDecoder(String clientId, JWKSource<SecurityContext> keys) {
		DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
		processor.setJWSKeySelector(new JWSVerificationKeySelector<>(Set.of(JWSAlgorithm.RS384, JWSAlgorithm.ES384), keys));
		processor.setJWTClaimsSetVerifier((claims, context) -> {
			// ClientAssertionValidator checks the claims
		});
		NimbusJwtDecoder decoder = new NimbusJwtDecoder(processor);
		decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
				new JwtTimestampValidator(Duration.ofSeconds(30)),
				new ClientAssertionValidator(clientId, tokenEndpointPath, usedAssertions, clock)));
		return decoder;
	}

	/** Keys are checked when the client is registered; a stored JWKS that no longer parses refuses every assertion. */
	private JWKSource<SecurityContext> keys(String clientId, String jwks, String jwksUri) {
		try {
			return jwks != null
					? new ImmutableJWKSet<>(JWKSet.parse(jwks))
					: JWKSourceBuilder.create(URI.create(jwksUri).toURL(), jwksUriRetriever).build();
		} catch (ParseException | MalformedURLException | IllegalArgumentException e) {
			return (selector, context) -> {
				throw new com.nimbusds.jose.KeySourceException("client " + clientId + " has unusable registered keys");
			};
		}
	}
}
