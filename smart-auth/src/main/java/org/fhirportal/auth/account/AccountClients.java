package org.fhirportal.auth.account;

import java.util.Set;

/**
 * The apps a user may change their own account from (sign-in settings such as two-step sign-in): the portal's own
 * web app, not any third-party app the user approved, because an app that could enrol or remove the second factor
 * could lock the user out or weaken their sign-in. The application that registers such an app says which it is;
 * without that, no app may.
 */
@FunctionalInterface
public interface AccountClients {

	/** No app may change account settings. */
	AccountClients NONE = clientId -> false;

	boolean mayChangeAccount(String clientId);

	static AccountClients of(Set<String> clientIds) {
		Set<String> trusted = Set.copyOf(clientIds);
		return trusted::contains;
	}
}
