package org.fhirportal.server.support;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import java.security.InvalidKeyException;
import java.time.Instant;
import javax.crypto.spec.SecretKeySpec;
import org.apache.commons.codec.binary.Base32;

/** The test's authenticator app: the current TOTP code of a Base32 secret (RFC 6238, as the server expects). */
public final class Totp {

	private Totp() {}

	public static String now(String base32Secret) {
		try {
			int code = new TimeBasedOneTimePasswordGenerator()
					.generateOneTimePassword(new SecretKeySpec(new Base32().decode(base32Secret), "HmacSHA1"), Instant.now());
			return String.format("%06d", code);
		} catch (InvalidKeyException e) {
			throw new IllegalStateException(e);
		}
	}
}
