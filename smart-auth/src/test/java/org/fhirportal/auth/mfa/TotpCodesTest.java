package org.fhirportal.auth.mfa;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class TotpCodesTest {

	/** "12345678901234567890" in Base32: the SHA-1 secret of RFC 6238's test vectors. */
	private static final String RFC_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

	@Test
	void codeAtWhenRfc6238TestVectorsThenSameLastSixDigits() {
		TotpCodes codes = new TotpCodes(Clock.systemUTC());

		assertThat(codes.codeAt(RFC_SECRET, Instant.ofEpochSecond(59))).isEqualTo("287082");
		assertThat(codes.codeAt(RFC_SECRET, Instant.ofEpochSecond(1111111109))).isEqualTo("081804");
		assertThat(codes.codeAt(RFC_SECRET, Instant.ofEpochSecond(2000000000))).isEqualTo("279037");
	}

	@Test
	void verifyWhenCodeOfThisOrNeighbouringStepThenAcceptedElseRefused() {
		Instant now = Instant.ofEpochSecond(1111111109);
		TotpCodes codes = new TotpCodes(Clock.fixed(now, ZoneOffset.UTC));

		assertThat(codes.verify(RFC_SECRET, codes.codeAt(RFC_SECRET, now))).isTrue();
		assertThat(codes.verify(RFC_SECRET, codes.codeAt(RFC_SECRET, now.minusSeconds(30)))).isTrue();
		assertThat(codes.verify(RFC_SECRET, codes.codeAt(RFC_SECRET, now.minusSeconds(120)))).isFalse();
		assertThat(codes.verify(RFC_SECRET, "12345")).isFalse();
		assertThat(codes.verify(null, "123456")).isFalse();
	}

	@Test
	void newSecretWhenCalledThenFreshBase32OfTwentyBytes() {
		TotpCodes codes = new TotpCodes(Clock.systemUTC());

		assertThat(codes.newSecret()).matches("[A-Z2-7]{32}").isNotEqualTo(codes.newSecret());
	}
}
