package org.fhirportal.auth.registration;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * The URIs a client may register.
 * <ul>
 * <li>Redirect URIs (RFC 7591 section 2, RFC 6749 section 3.1.2, OAuth 2.0 Security BCP RFC 9700 section 2.1):
 * absolute, {@code https}, or {@code http} on a loopback address for native apps (RFC 8252 section 7.3); no
 * fragment, no user info, no wildcard ({@code *}); other schemes ({@code javascript:}, {@code data:}, {@code file:}...)
 * are refused.</li>
 * <li>{@code jwks_uri} (RFC 7591 section 2): {@code https}, never on a link-local ({@code 169.254.0.0/16},
 * {@code fe80::/10}, where cloud metadata services live), unspecified or multicast address; on a loopback address
 * ({@code http} or {@code https}) only when {@code smart.auth.registration.allow-http-jwks-uri-on-loopback} is on.
 * A host name is resolved once, at registration.</li>
 * </ul>
 */
final class ClientUriRules {

	static final int MAX_URI_LENGTH = 2000;

	private final boolean allowJwksUriOnLoopback;

	ClientUriRules(boolean allowJwksUriOnLoopback) {
		this.allowJwksUriOnLoopback = allowJwksUriOnLoopback;
	}

	void checkRedirectUri(String value) {
		URI uri = parse(value).orElseThrow(() -> RegistrationErrors.invalidRedirectUri("a redirect URI is not an absolute URI"));
		if (uri.getRawFragment() != null || value.contains("#")) {
			throw RegistrationErrors.invalidRedirectUri("a redirect URI must not have a fragment");
		}
		String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
		boolean https = "https".equals(scheme);
		boolean loopbackHttp = "http".equals(scheme) && isLoopbackName(uri.getHost());
		if (!https && !loopbackHttp) {
			throw RegistrationErrors.invalidRedirectUri("a redirect URI must be https, or http on a loopback address (127.0.0.1, [::1], localhost)");
		}
	}

	void checkJwksUri(String value) {
		URI uri = parse(value).orElseThrow(() -> RegistrationErrors.invalidMetadata("jwks_uri is not an absolute URI"));
		if (uri.getRawFragment() != null) {
			throw RegistrationErrors.invalidMetadata("jwks_uri must not have a fragment");
		}
		String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
		boolean loopback = isLoopbackName(uri.getHost()) || resolvesTo(uri.getHost(), InetAddress::isLoopbackAddress);
		if (loopback) {
			if (!allowJwksUriOnLoopback || !("https".equals(scheme) || "http".equals(scheme))) {
				throw RegistrationErrors.invalidMetadata("jwks_uri must not be on a loopback address");
			}
			return;
		}
		if (!"https".equals(scheme)) {
			throw RegistrationErrors.invalidMetadata("jwks_uri must be an https URL");
		}
		if (resolvesTo(uri.getHost(), a -> a.isLinkLocalAddress() || a.isAnyLocalAddress() || a.isMulticastAddress())) {
			throw RegistrationErrors.invalidMetadata("jwks_uri must not be on a link-local, unspecified or multicast address");
		}
	}

	/** An absolute hierarchical URI with a host and no user info and no wildcard, or empty. */
	private static java.util.Optional<URI> parse(String value) {
		if (value.length() > MAX_URI_LENGTH || value.contains("*")) {
			return java.util.Optional.empty();
		}
		try {
			URI uri = new URI(value);
			if (!uri.isAbsolute() || uri.isOpaque() || uri.getHost() == null || uri.getRawUserInfo() != null) {
				return java.util.Optional.empty();
			}
			return java.util.Optional.of(uri);
		} catch (URISyntaxException e) {
			return java.util.Optional.empty();
		}
	}

	private static boolean isLoopbackName(String host) {
		String h = host.toLowerCase(Locale.ROOT);
		return h.equals("localhost") || h.endsWith(".localhost") || h.equals("[::1]") || h.matches("127(\\.\\d{1,3}){3}");
	}

	/** Whether the host (an IP literal, or a name resolved now) has an address matching the test. */
	private static boolean resolvesTo(String host, java.util.function.Predicate<InetAddress> test) {
		String name = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
		try {
			for (InetAddress address : InetAddress.getAllByName(name)) {
				if (test.test(address)) {
					return true;
				}
			}
			return false;
		} catch (UnknownHostException e) {
			return false; // a name that does not resolve now cannot be fetched either; the token endpoint fails closed
		}
	}
}
