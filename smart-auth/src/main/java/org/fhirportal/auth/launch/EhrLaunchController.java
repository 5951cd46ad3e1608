package org.fhirportal.auth.launch;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.fhirportal.auth.resource.SmartAccessAuthentication;
import org.fhirportal.auth.scope.Context;
import org.fhirportal.auth.scope.Permission;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The EHR side of an EHR launch (SMART App Launch 2.2, "EHR launch"): the EHR's backend, holding a token that may
 * read any patient ({@code system/Patient.r} or wider), mints an opaque {@code launch} value bound to the patient
 * (and encounter) open in the EHR, and opens the app with it. {@code POST /api/ehr/launch} with
 * {@code {"patient": "123", "encounter": "456"}} answers {@code 201 {"launch": "...", "expires_in": 600}}.
 */
@RestController
public class EhrLaunchController {

	private final JdbcEhrLaunches launches;

	public EhrLaunchController(JdbcEhrLaunches launches) {
		this.launches = launches;
	}

	/** The launch request body. */
	public record LaunchRequest(String patient, String encounter) {}

	@PostMapping(path = "/api/ehr/launch", consumes = "application/json", produces = "application/json")
	public ResponseEntity<Map<String, Object>> mint(@RequestBody LaunchRequest request, SmartAccessAuthentication caller) {
		if (!caller.accessContext().scopes().allows(Context.SYSTEM, "Patient", Permission.READ)) {
			return error(HttpStatus.FORBIDDEN, "insufficient_scope", "minting an EHR launch needs system/Patient.r or wider");
		}
		if (request == null || request.patient() == null || !request.patient().matches("[A-Za-z0-9\\-.]{1,64}")) {
			return error(HttpStatus.BAD_REQUEST, "invalid_request", "patient must be a FHIR resource id");
		}
		if (request.encounter() != null && !request.encounter().matches("[A-Za-z0-9\\-.]{1,64}")) {
			return error(HttpStatus.BAD_REQUEST, "invalid_request", "encounter must be a FHIR resource id");
		}
		EhrLaunch launch = launches.mint(request.patient(), request.encounter(), caller.accessContext().clientId());
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("launch", launch.launchId());
		body.put("expires_in", Duration.between(Instant.now(), launch.expiresAt()).toSeconds());
		return ResponseEntity.status(HttpStatus.CREATED).header("Cache-Control", "no-store").body(body);
	}

	private static ResponseEntity<Map<String, Object>> error(HttpStatus status, String code, String description) {
		return ResponseEntity.status(status).body(Map.of("error", code, "error_description", description));
	}
}
