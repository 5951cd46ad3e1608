package org.fhirportal.auth.resource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/** Real RS256 tokens through a real Nimbus decoder, with the cache in front. */
class VerifiedTokenCacheTest {

	private RSAKey key;
	private AtomicInteger signatureChecks;
	private Set<String> revoked;
	private VerifiedTokenCache decoder;

	@BeforeEach
	void setUp() throws JOSEException {
		key = new RSAKeyGenerator(2048).keyID("k1").generate();
		NimbusJwtDecoder nimbus = NimbusJwtDecoder.withPublicKey(key.toRSAPublicKey()).build();
		nimbus.setJwtValidator(jwt -> OAuth2TokenValidatorResult.success());
		signatureChecks = new AtomicInteger();
		JwtDecoder counting = token -> {
			signatureChecks.incrementAndGet();
			return nimbus.decode(token);
		};
		revoked = ConcurrentHashMap.newKeySet();
		OAuth2TokenValidator<Jwt> notRevoked = jwt -> revoked.contains(jwt.getId())
				? OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "the token has been revoked", null))
				: OAuth2TokenValidatorResult.success();
		decoder = new VerifiedTokenCache(counting, notRevoked, 100, Duration.ofMinutes(5));
	}

	@Test
	void sameTokenWhenSentAgainThenSignatureCheckedOnce() throws JOSEException {
		String token = token("a", Instant.now().plusSeconds(300));

		Jwt first = decoder.decode(token);
		Jwt second = decoder.decode(token);

		assertThat(second.getId()).isEqualTo(first.getId()).isEqualTo("a");
		assertThat(signatureChecks).hasValue(1);
	}

	@Test
	void cachedTokenWhenRevokedThenRefusedAtOnce() throws JOSEException {
		String token = token("b", Instant.now().plusSeconds(300));
		decoder.decode(token);

		revoked.add("b");

		assertThatThrownBy(() -> decoder.decode(token)).isInstanceOf(JwtValidationException.class)
				.hasMessageContaining("the token has been revoked");
	}

	@Test
	void tokenWhenAnyByteOfTheSignatureIsChangedThenRefusedThoughTheOriginalIsCached() throws JOSEException {
		String token = token("c", Instant.now().plusSeconds(300));
		decoder.decode(token);
		char last = token.charAt(token.length() - 2);
		String forged = token.substring(0, token.length() - 2) + (last == 'A' ? 'B' : 'A') + token.charAt(token.length() - 1);

		assertThatThrownBy(() -> decoder.decode(forged)).isInstanceOf(BadJwtException.class);
		assertThat(signatureChecks).hasValue(2);
	}

	@Test
	void tokenWhenSignatureInvalidThenNotCachedAndCheckedEachTime() throws JOSEException {
		RSAKey other = new RSAKeyGenerator(2048).keyID("k1").generate();
		String foreign = token("d", Instant.now().plusSeconds(300), other);

		for (int i = 0; i < 2; i++) {
			assertThatThrownBy(() -> decoder.decode(foreign)).isInstanceOf(BadJwtException.class);
		}
		assertThat(signatureChecks).hasValue(2);
		assertThat(decoder.size()).isZero();
	}

	private String token(String jti, Instant expires) throws JOSEException {
		return token(jti, expires, key);
	}

	private static String token(String jti, Instant expires, RSAKey signer) throws JOSEException {
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(signer.getKeyID()).build(),
				new JWTClaimsSet.Builder().jwtID(jti).subject("s").issueTime(new Date()).expirationTime(Date.from(expires)).build());
		jwt.sign(new RSASSASigner(signer));
		return jwt.serialize();
	}
}
