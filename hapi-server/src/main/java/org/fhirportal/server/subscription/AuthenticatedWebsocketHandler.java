package org.fhirportal.server.subscription;

import java.io.IOException;
import java.util.Objects;
import java.util.Optional;
import org.fhirportal.auth.resource.FhirBearerTokens;
import org.fhirportal.auth.resource.RequestBoundTokenValidator;
import org.fhirportal.auth.resource.SmartAccessAuthentication;
import org.hl7.fhir.r4.model.IdType;
import org.springframework.security.core.AuthenticationException;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;

/**
 * HAPI's Subscription websocket ({@code SubscriptionWebsocketHandler}, which understands {@code bind <id>}) behind
 * authentication and access control:
 * <ul>
 *   <li>the caller is authenticated by the upgrade's {@code Authorization} header ({@link BearerTokenHandshakeInterceptor})
 *       or, for browsers, by a first message {@code bind-token <access token>}; any other first message, a bad token
 *       or no token within {@code portal.websocket.authentication-timeout} closes the socket (1008, policy violation);</li>
 *   <li>{@code bind <id>} reaches HAPI only when the token may read {@code Subscription/<id>} under the FHIR
 *       endpoint's rules ({@link SubscriptionReadAccess}); otherwise the socket is closed (1008) without saying whether
 *       the Subscription exists;</li>
 *   <li>{@link WebsocketTokenWatch} closes the socket when the token expires or is revoked.</li>
 * </ul>
 * Hand-written protocol: HAPI's websocket text protocol (<a href="https://hapifhir.io/hapi-fhir/docs/server_jpa/subscriptions.html">HAPI
 * FHIR, subscriptions</a>), extended by the {@code bind-token} message.
 */
final class AuthenticatedWebsocketHandler extends WebSocketHandlerDecorator {

	static final String BIND_TOKEN = "bind-token ";
	private static final String BIND = "bind ";

	private final FhirBearerTokens tokens;
	private final SubscriptionReadAccess access;
	private final WebsocketTokenWatch watch;

	AuthenticatedWebsocketHandler(WebSocketHandler hapi, FhirBearerTokens tokens, SubscriptionReadAccess access, WebsocketTokenWatch watch) {
		super(hapi);
		this.tokens = Objects.requireNonNull(tokens, "tokens");
		this.access = Objects.requireNonNull(access, "access");
		this.watch = Objects.requireNonNull(watch, "watch");
	}

	@Override
	public void afterConnectionEstablished(WebSocketSession session) throws Exception {
		watch.opened(session);
		super.afterConnectionEstablished(session);
	}

	@Override
	public void handleMessage(WebSocketSession session, WebSocketMessage<?> message) throws Exception {
		String text = message instanceof TextMessage textMessage ? textMessage.getPayload() : "";
		Optional<SmartAccessAuthentication> caller = WebsocketCaller.of(session);
		if (caller.isEmpty()) {
			handleFirstMessage(session, text);
		} else if (text.startsWith(BIND)) {
			handleBind(session, caller.get(), message, text.substring(BIND.length()).trim());
		} else {
			super.handleMessage(session, message);
		}
	}

	@Override
	public void afterConnectionClosed(WebSocketSession session, CloseStatus closeStatus) throws Exception {
		watch.closed(session);
		super.afterConnectionClosed(session, closeStatus);
	}

	private void handleFirstMessage(WebSocketSession session, String text) throws IOException {
		if (!text.startsWith(BIND_TOKEN)) {
			refuse(session, "authenticate first: send bind-token <access token>, or an Authorization header with the upgrade");
			return;
		}
		String token = text.substring(BIND_TOKEN.length()).trim();
		try {
			WebsocketCaller.authenticate(session,
					RequestBoundTokenValidator.forIssuer(WebsocketCaller.issuer(session), () -> tokens.authenticate(token)));
		} catch (AuthenticationException refused) {
			refuse(session, "invalid token");
		}
	}

	private void handleBind(WebSocketSession session, SmartAccessAuthentication caller, WebSocketMessage<?> message, String id)
			throws Exception {
		IdType subscription = new IdType(id);
		if (!subscription.hasIdPart() || !access.mayRead(caller, new IdType("Subscription", subscription.getIdPart()))) {
			refuse(session, "unknown Subscription, or not readable with this token");
			return;
		}
		super.handleMessage(session, message);
	}

	static void refuse(WebSocketSession session, String reason) throws IOException {
		session.close(CloseStatus.POLICY_VIOLATION.withReason(reason));
	}
}
