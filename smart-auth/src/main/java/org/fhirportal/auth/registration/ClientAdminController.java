package org.fhirportal.auth.registration;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.fhirportal.auth.client.CachingRegisteredClientRepository;
import org.fhirportal.auth.resource.SmartAccessAuthentication;
import org.fhirportal.auth.scope.NonResourceScope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The administrators' client API: read ({@code GET /api/admin/clients/{clientId}}, scope {@code client.read} or
 * {@code client.admin}, administration scopes that no registered client can hold; a client's registration access
 * token is refused), replace the metadata ({@code PUT}, e.g. to rotate a client's {@code jwks} or point its
 * {@code jwks_uri} elsewhere; checked as a registration is; id, client_id and secret stay) and delete
 * ({@code DELETE}: the client, its consents and its authorizations go, its tokens are recorded as revoked), with
 * scope {@code client.admin}. The bootstrap admin client is managed by configuration and refused here. Errors
 * are JSON {@code {"error", "error_description"}}, RFC 7591 codes for bad metadata.
 */
@RestController
public class ClientAdminController {

	private static final Logger log = LoggerFactory.getLogger(ClientAdminController.class);

	private final RegisteredClientRepository clients;
	private final OAuth2AuthorizationService authorizations;
	private final JdbcTemplate jdbc;
	private final TransactionTemplate transactions;
	private final RegisteredClientMapping mapping;
	private final ClientUriRules uriRules;
	private final String adminClientId;
	private final String issuer;
	private final String registrationPath;

	ClientAdminController(RegisteredClientRepository clients, OAuth2AuthorizationService authorizations, JdbcTemplate jdbc,
			TransactionTemplate transactions, RegisteredClientMapping mapping, ClientUriRules uriRules, String adminClientId,
			String issuer, String registrationPath) {
		this.clients = Objects.requireNonNull(clients, "clients");
		this.authorizations = Objects.requireNonNull(authorizations, "authorizations");
		this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
		this.transactions = Objects.requireNonNull(transactions, "transactions");
		this.mapping = Objects.requireNonNull(mapping, "mapping");
		this.uriRules = Objects.requireNonNull(uriRules, "uriRules");
		this.adminClientId = Objects.requireNonNull(adminClientId, "adminClientId");
		this.issuer = Objects.requireNonNull(issuer, "issuer");
		this.registrationPath = Objects.requireNonNull(registrationPath, "registrationPath");
	}

	@GetMapping(path = "/api/admin/clients/{clientId}", produces = "application/json")
	public ResponseEntity<Map<String, Object>> read(@PathVariable("clientId") String clientId, SmartAccessAuthentication caller) {
		if (!has(caller, NonResourceScope.CLIENT_READ) && !has(caller, NonResourceScope.CLIENT_ADMIN)) {
			return error(HttpStatus.FORBIDDEN, "insufficient_scope", "reading clients needs scope client.read or client.admin");
		}
		RegisteredClient client = clients.findByClientId(clientId);
		return client == null ? notFound() : ResponseEntity.ok(metadata(client));
	}

	@PutMapping(path = "/api/admin/clients/{clientId}", consumes = "application/json", produces = "application/json")
	public ResponseEntity<Map<String, Object>> update(@PathVariable("clientId") String clientId, @RequestBody Map<String, Object> request,
			SmartAccessAuthentication caller) {
		return withManageableClient(clientId, caller, client -> {
			try {
				RegisteredClient updated = mapping.updated(client, ClientMetadata.parse(request == null ? Map.of() : request, uriRules));
				clients.save(updated);
				return ResponseEntity.ok(metadata(updated));
			} catch (OAuth2AuthenticationException e) {
				return error(HttpStatus.BAD_REQUEST, e.getError().getErrorCode(), e.getError().getDescription());
			} catch (DataAccessException e) {
				// metadata the columns cannot hold: the caller's fault, told without the SQL
				log.warn("Client update of {} failed", clientId, e);
				return error(HttpStatus.BAD_REQUEST, RegistrationErrors.INVALID_CLIENT_METADATA, "the client metadata could not be stored");
			}
		});
	}

	@DeleteMapping(path = "/api/admin/clients/{clientId}")
	public ResponseEntity<Map<String, Object>> delete(@PathVariable("clientId") String clientId, SmartAccessAuthentication caller) {
		return withManageableClient(clientId, caller, this::delete);
	}

	private ResponseEntity<Map<String, Object>> delete(RegisteredClient client) {
		transactions.executeWithoutResult(status -> {
			// removed through the service, so that its tokens are recorded as revoked at the FHIR endpoint
			List<String> ids = jdbc.queryForList("SELECT id FROM oauth2_authorization WHERE registered_client_id = ?", String.class, client.getId());
			for (String id : ids) {
				OAuth2Authorization authorization = authorizations.findById(id);
				if (authorization != null) {
					authorizations.remove(authorization);
				}
			}
			// Spring Authorization Server's repositories have no delete; these are its JDBC schema's tables
			jdbc.update("DELETE FROM oauth2_authorization_consent WHERE registered_client_id = ?", client.getId());
			jdbc.update("DELETE FROM oauth2_registered_client WHERE id = ?", client.getId());
		});
		if (clients instanceof CachingRegisteredClientRepository cache) {
			cache.evict(client);
		}
		return ResponseEntity.noContent().build();
	}

	/** Applies the change to the client when the caller may change it: scope client.admin, not the admin client. */
	private ResponseEntity<Map<String, Object>> withManageableClient(String clientId, SmartAccessAuthentication caller,
			Function<RegisteredClient, ResponseEntity<Map<String, Object>>> change) {
		if (!has(caller, NonResourceScope.CLIENT_ADMIN)) {
			return error(HttpStatus.FORBIDDEN, "insufficient_scope", "changing clients needs scope client.admin");
		}
		if (adminClientId.equals(clientId)) {
			return error(HttpStatus.BAD_REQUEST, "invalid_request", "the admin client is managed by configuration (smart.auth.admin.*)");
		}
		RegisteredClient client = clients.findByClientId(clientId);
		return client == null ? notFound() : change.apply(client);
	}

	private Map<String, Object> metadata(RegisteredClient client) {
		String base = issuer.isBlank() ? ServletUriComponentsBuilder.fromCurrentContextPath().toUriString() : issuer;
		return RegisteredClientMapping.metadataOf(client, base + registrationPath + "?client_id="
				+ java.net.URLEncoder.encode(client.getClientId(), java.nio.charset.StandardCharsets.UTF_8));
	}

	private static boolean has(SmartAccessAuthentication caller, NonResourceScope scope) {
		return caller != null && caller.accessContext().scopes().has(scope);
	}

	private static ResponseEntity<Map<String, Object>> notFound() {
		return error(HttpStatus.NOT_FOUND, "invalid_request", "no such client");
	}

	private static ResponseEntity<Map<String, Object>> error(HttpStatus status, String code, String description) {
		return ResponseEntity.status(status).body(Map.of("error", code, "error_description", description == null ? code : description));
	}
}
