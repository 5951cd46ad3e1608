package org.fhirportal.auth.resource;

import java.util.Collection;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/** The authentication of a FHIR request: the validated JWT plus the {@link SmartAccessContext} derived from it. */
public class SmartAccessAuthentication extends JwtAuthenticationToken {

	private final transient SmartAccessContext accessContext;

	public SmartAccessAuthentication(Jwt jwt, Collection<? extends GrantedAuthority> authorities, SmartAccessContext accessContext) {
		super(jwt, authorities, accessContext.subject());
		this.accessContext = accessContext;
	}

	public SmartAccessContext accessContext() {
		return accessContext;
	}
}
