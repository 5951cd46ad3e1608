package org.fhirportal.auth.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HighEntropySecretEncoderTest {

	private final HighEntropySecretEncoder encoder = new HighEntropySecretEncoder();

	@Test
	void matchesWhenSameSecretThenTrueAndHashNeverTheSecret() {
		String secret = "s3cr3t-0123456789abcdef0123456789abcdef";
		String hash = encoder.encode(secret);

		assertThat(hash).doesNotContain(secret).hasSize(64);
		assertThat(encoder.matches(secret, hash)).isTrue();
	}

	@Test
	void matchesWhenOtherSecretOrGarbageHashThenFalse() {
		String hash = encoder.encode("right-0123456789abcdef0123456789abcdef");

		assertThat(encoder.matches("wrong-0123456789abcdef0123456789abcdef", hash)).isFalse();
		assertThat(encoder.matches("anything", "not-hex")).isFalse();
		assertThat(encoder.matches(null, hash)).isFalse();
	}
}
