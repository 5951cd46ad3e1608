package org.fhirportal.auth.token;

import java.util.Objects;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2RefreshTokenAuthenticationProvider;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs a refresh (Spring Authorization Server's {@link OAuth2RefreshTokenAuthenticationProvider}: look the grant up
 * by refresh token, issue new tokens, save the grant) in one database transaction, so that the row lock
 * {@link RefreshTokenReuseDetectingAuthorizationService} takes at the lookup holds until the rotated grant is saved
 * (the compare-and-set of RFC 9700 section 4.14.2 refresh token rotation). A refused refresh still commits: the
 * revocation of a grant whose refresh token was reused must stay.
 */
public final class TransactionalRefreshTokenAuthenticationProvider implements AuthenticationProvider {

	private final AuthenticationProvider delegate;
	private final TransactionTemplate transactions;

	public TransactionalRefreshTokenAuthenticationProvider(AuthenticationProvider delegate, TransactionTemplate transactions) {
		this.delegate = Objects.requireNonNull(delegate, "delegate");
		this.transactions = Objects.requireNonNull(transactions, "transactions");
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		Outcome outcome;
		try {
			outcome = transactions.execute(status -> {
				try {
					return new Outcome(delegate.authenticate(authentication), null);
				} catch (OAuth2AuthenticationException refused) {
					return new Outcome(null, refused);
				}
			});
		} catch (PessimisticLockingFailureException busy) {
			// waited too long for another refresh of the same grant, which is reuse or a runaway client
			throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_GRANT,
					"The refresh token is in use by another request", null));
		}
		if (outcome.refused() != null) {
			throw outcome.refused();
		}
		return outcome.authenticated();
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return delegate.supports(authentication);
	}

	private record Outcome(Authentication authenticated, OAuth2AuthenticationException refused) {}
}
