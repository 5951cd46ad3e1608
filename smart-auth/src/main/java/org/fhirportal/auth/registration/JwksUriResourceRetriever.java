package org.fhirportal.auth.registration;

import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jose.util.Resource;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URL;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * Fetches a client's {@code jwks_uri} for Nimbus' JWK source without server-side request forgery (OWASP SSRF
 * Prevention Cheat Sheet): before each connection the host is resolved again and its addresses checked with
 * {@link ClientUriRules} (a name may point elsewhere since registration), and redirects are not followed (a 3xx is
 * an error, as {@link DefaultResourceRetriever} treats every status outside 2xx). Timeouts of 2 s and a 64 KiB limit
 * keep a slow or huge answer from holding the token endpoint. The JVM's DNS cache makes the connection use the
 * checked addresses, short of a resolution that changes between the check and the connect.
 */
public final class JwksUriResourceRetriever extends DefaultResourceRetriever {

	private static final int TIMEOUT_MILLIS = 2_000;
	private static final int SIZE_LIMIT_BYTES = 64 * 1024;

	private final ClientUriRules rules;

	public JwksUriResourceRetriever(ClientRegistrationProperties properties) {
		this(new ClientUriRules(properties.allowHttpJwksUriOnLoopback()));
	}

	JwksUriResourceRetriever(ClientUriRules rules) {
		super(TIMEOUT_MILLIS, TIMEOUT_MILLIS, SIZE_LIMIT_BYTES);
		this.rules = Objects.requireNonNull(rules, "rules");
	}

	/** Only http(s): the parent class would read a {@code file:} URL itself, without {@link #openConnection}. */
	@Override
	public Resource retrieveResource(URL url) throws IOException {
		if (!"https".equalsIgnoreCase(url.getProtocol()) && !"http".equalsIgnoreCase(url.getProtocol())) {
			throw new IOException("jwks_uri " + url + " must be an https URL");
		}
		return super.retrieveResource(url);
	}

	@Override
	protected HttpURLConnection openConnection(URL url) throws IOException {
		String refusal;
		try {
			refusal = url.getHost() == null || url.getHost().isEmpty() ? "has no host"
					: rules.jwksRefusal(url.getProtocol(), ClientUriRules.resolve(url.getHost()));
		} catch (UnknownHostException e) {
			refusal = "has a host that does not resolve";
		}
		if (refusal != null) {
			throw new IOException("jwks_uri " + url + " " + refusal);
		}
		HttpURLConnection connection = super.openConnection(url);
		connection.setInstanceFollowRedirects(false);
		return connection;
	}
}
