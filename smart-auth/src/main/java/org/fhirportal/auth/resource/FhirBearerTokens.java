package org.fhirportal.auth.resource;

import java.util.Objects;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;

/**
 * Checks a bearer token exactly as the FHIR endpoint's filter chain does (the same decoder, validators and
 * {@link SmartAccessContextConverter}), for channels that do not pass through that chain, such as the websocket
 * of FHIR Subscriptions.
 */
public final class FhirBearerTokens {

	private final JwtDecoder decoder;
	private final SmartAccessContextConverter converter;

	public FhirBearerTokens(JwtDecoder decoder, SmartAccessContextConverter converter) {
		this.decoder = Objects.requireNonNull(decoder, "decoder");
		this.converter = Objects.requireNonNull(converter, "converter");
	}

	/**
	 * The token's authentication.
	 *
	 * @throws AuthenticationException when the token is malformed, forged, expired, revoked or not meant for this server
	 */
	public SmartAccessAuthentication authenticate(String token) {
		Jwt jwt;
		try {
			jwt = decoder.decode(token);
		} catch (JwtException e) {
			throw new InvalidBearerTokenException(e.getMessage(), e);
		}
		return (SmartAccessAuthentication) converter.convert(jwt);
	}
}
