package org.fhirportal.server.subscription;

import java.util.Optional;
import org.fhirportal.auth.resource.SmartAccessAuthentication;
import org.springframework.web.socket.WebSocketSession;

/** Who is on the other end of a Subscription websocket, as kept in the session's attributes. */
final class WebsocketCaller {

	static final String AUTHENTICATION = WebsocketCaller.class.getName() + ".authentication";
	static final String ISSUER = WebsocketCaller.class.getName() + ".issuer";

	private WebsocketCaller() {
	}

	static Optional<SmartAccessAuthentication> of(WebSocketSession session) {
		return Optional.ofNullable((SmartAccessAuthentication) session.getAttributes().get(AUTHENTICATION));
	}

	static void authenticate(WebSocketSession session, SmartAccessAuthentication authentication) {
		session.getAttributes().put(AUTHENTICATION, authentication);
	}

	static String issuer(WebSocketSession session) {
		return (String) session.getAttributes().get(ISSUER);
	}
}
