package org.fhirportal.auth.server;

import java.util.List;
import java.util.Objects;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

/**
 * CORS for the endpoints a browser app calls with {@code fetch} from its own origin: token, revocation,
 * introspection, JWKS and the discovery documents (SMART App Launch 2.2, conformance, "Using CORS": a public
 * client in the browser exchanges its code at the token endpoint). No cookies cross origins
 * ({@code Access-Control-Allow-Credentials} is never sent): these endpoints authenticate clients, not users. The
 * authorization endpoint, the sign-in and the consent pages are navigations and get no CORS.
 */
final class AuthorizationServerCors {

	private final List<String> paths;
	private final List<String> allowedOrigins;

	AuthorizationServerCors(AuthorizationServerSettings settings, List<String> allowedOrigins) {
		this.paths = List.of(settings.getTokenEndpoint(), settings.getTokenRevocationEndpoint(), settings.getTokenIntrospectionEndpoint(),
				settings.getJwkSetEndpoint(), "/.well-known/openid-configuration", "/.well-known/oauth-authorization-server");
		this.allowedOrigins = List.copyOf(Objects.requireNonNull(allowedOrigins, "allowedOrigins"));
	}

	/**
	 * Pre-flight requests ({@code OPTIONS}) to these endpoints: the authorization server's own matchers take only
	 * their methods (e.g. {@code POST} for the token endpoint), so without this the pre-flight fell through to the
	 * sign-in chain and got a redirect to {@code /login}.
	 */
	RequestMatcher preflights() {
		PathPatternRequestMatcher.Builder matchers = PathPatternRequestMatcher.withDefaults();
		return new OrRequestMatcher(paths.stream().map(path -> (RequestMatcher) matchers.matcher(HttpMethod.OPTIONS, path)).toList());
	}

	CorsConfigurationSource configurationSource() {
		UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
		if (allowedOrigins.isEmpty()) {
			return source;
		}
		CorsConfiguration cors = new CorsConfiguration();
		allowedOrigins.forEach(cors::addAllowedOriginPattern);
		cors.setAllowedMethods(List.of("GET", "POST", "OPTIONS"));
		cors.setAllowedHeaders(List.of(HttpHeaders.AUTHORIZATION, HttpHeaders.CONTENT_TYPE, HttpHeaders.ACCEPT));
		cors.setAllowCredentials(false);
		cors.setMaxAge(3600L);
		paths.forEach(path -> source.registerCorsConfiguration(path, cors));
		return source;
	}
}
