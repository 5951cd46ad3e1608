package org.fhirportal.auth.headers;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * {@code Referrer-Policy: no-referrer} on every response (FHIR, OAuth, the portal, sign-in pages): the addresses of
 * this server carry authorization codes, launch values and FHIR ids, which must not leak to other sites in a
 * {@code Referer} header (W3C Referrer Policy; OAuth 2.0 Security BCP, RFC 9700 section 4.2.4). Set before the
 * request goes on, so that it holds for every filter chain and every error page alike.
 */
public final class ReferrerPolicyFilter extends OncePerRequestFilter {

	static final String POLICY = "no-referrer";

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		response.setHeader("Referrer-Policy", POLICY);
		chain.doFilter(request, response);
	}
}
