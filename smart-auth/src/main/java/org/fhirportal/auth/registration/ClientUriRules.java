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
 * <li>{@code jwks_uri} (RFC 7591 section 2), which the server fetches, so each rule guards against server-side
 * request forgery (OWASP SSRF Prevention Cheat Sheet): {@code https}, on a host that resolves, and none of whose
 * addresses is link-local ({@code 169.254.0.0/16}, {@code fe80::/10}, where cloud metadata services live),
 * private ({@code 10/8}, {@code 172.16/12}, {@code 192.168/16}), shared CGNAT ({@code 100.64/10}, RFC 6598),
 * unique local ({@code fc00::/7}, RFC 4193), unspecified or multicast; on a loopback address ({@code http} or
 * {@code https}) only when {@code smart.auth.registration.allow-http-jwks-uri-on-loopback} is on. The addresses are
 * checked at registration and again before each fetch ({@link JwksUriResourceRetriever}).</li>
 * </ul>
 */
public final class ClientUriRules {

	static final int MAX_URI_LENGTH = 2000;

	private final boolean allowJwksUriOnLoopback;

	public ClientUriRules(boolean allowJwksUriOnLoopback) {
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
		if (!"https".equals(scheme) && !"http".equals(scheme)) {
			throw RegistrationErrors.invalidMetadata("jwks_uri must be an https URL");
		}
		InetAddress[] addresses;
		try {
			addresses = resolve(uri.getHost());
		} catch (UnknownHostException e) {
			throw RegistrationErrors.invalidMetadata("jwks_uri: its host does not resolve");
		}
		String refusal = jwksRefusal(scheme, addresses);
		if (refusal != null) {
			throw RegistrationErrors.invalidMetadata("jwks_uri " + refusal);
		}
	}

	/**
	 * Why a {@code jwks_uri} of this scheme on a host with these addresses must not be fetched, or {@code null} when
	 * it may be.
	 */
	public String jwksRefusal(String scheme, InetAddress... addresses) {
		String s = scheme == null ? "" : scheme.toLowerCase(Locale.ROOT);
		if (!"https".equals(s) && !"http".equals(s)) {
			return "must be an https URL";
		}
		if (addresses.length == 0) {
			return "has a host that does not resolve";
		}
		for (InetAddress address : addresses) {
			if (address.isLoopbackAddress()) {
				if (!allowJwksUriOnLoopback) {
					return "must not be on a loopback address";
				}
			} else if (!"https".equals(s)) {
				return "must be an https URL";
			} else if (isInternal(address)) {
				return "must not be on a private, link-local, unspecified or multicast address";
			}
		}
		return null;
	}

	/** The addresses of a host of a URI: an IP literal (IPv6 in brackets) or a name resolved now. */
	public static InetAddress[] resolve(String host) throws UnknownHostException {
		String name = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
		return InetAddress.getAllByName(name);
	}

	/** Link-local, site-local (10/8, 172.16/12, 192.168/16, fec0::/10), CGNAT 100.64/10, ULA fc00::/7, any, multicast. */
	private static boolean isInternal(InetAddress address) {
		byte[] a = address.getAddress();
		boolean cgnat = a.length == 4 && (a[0] & 0xff) == 100 && (a[1] & 0xc0) == 64;
		boolean uniqueLocal = a.length == 16 && (a[0] & 0xfe) == 0xfc;
		return address.isLinkLocalAddress() || address.isSiteLocalAddress() || address.isAnyLocalAddress() || address.isMulticastAddress()
				|| cgnat || uniqueLocal;
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
}
