package org.fhirportal.auth.consent;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.fhirportal.auth.scope.InvalidScopeException;
import org.fhirportal.auth.scope.NonResourceScope;
import org.fhirportal.auth.scope.Permission;
import org.fhirportal.auth.scope.ScopeDescriptions;
import org.fhirportal.auth.scope.ScopeSet;
import org.fhirportal.auth.scope.SmartScope;

/**
 * One scope as the consent page puts it to a patient: the kind of data and what the app may do with it, e.g. "Your
 * appointments: book and cancel", "Your lab results: read", never a FHIR type name; the scope itself is kept for
 * the page's technical details. Verbs follow the type where a plain "add" or "change" would mislead (an app books
 * an appointment, sends a message, marks it read).
 */
public final class ConsentWording {

	/** The words for creating and updating, where the type has better ones than "add" and "change". */
	private static final Map<String, Map<Permission, String>> VERBS = Map.of(
			"Appointment", Map.of(Permission.CREATE, "book", Permission.UPDATE, "cancel"),
			"Communication", Map.of(Permission.CREATE, "send", Permission.UPDATE, "mark as read"),
			"Task", Map.of(Permission.CREATE, "make", Permission.UPDATE, "cancel"),
			"QuestionnaireResponse", Map.of(Permission.CREATE, "fill in"));

	private final ScopeDescriptions descriptions = new ScopeDescriptions();

	ConsentWording() {
	}

	/** A line of the consent page: the scope as requested, and its wording. */
	public record Line(String scope, String text) {}

	Line line(String scope) {
		return new Line(scope, words(scope));
	}

	private String words(String scope) {
		try {
			ScopeSet parsed = ScopeSet.parse(scope);
			if (!parsed.resourceScopes().isEmpty()) {
				return words(parsed.resourceScopes().get(0));
			}
			return parsed.nonResourceScopes().stream().findFirst().map(this::words).orElse(scope);
		} catch (InvalidScopeException e) {
			return scope;
		}
	}

	private String words(SmartScope scope) {
		return subject(scope) + ": " + verbs(scope);
	}

	private String subject(SmartScope scope) {
		String kind = capitalise(descriptions.kindOfData(scope));
		return switch (scope.context()) {
			case PATIENT -> scope.isAnyType() ? "All your health data" : "Your " + descriptions.kindOfData(scope);
			case USER -> kind + " of the people you have access to";
			case SYSTEM -> kind + " of all patients";
		};
	}

	private static String verbs(SmartScope scope) {
		Set<Permission> permissions = scope.permissions();
		Map<Permission, String> special = VERBS.getOrDefault(scope.resourceType(), Map.of());
		List<String> verbs = new ArrayList<>();
		if (permissions.contains(Permission.READ)) {
			verbs.add("read");
		} else if (permissions.contains(Permission.SEARCH)) {
			verbs.add("look through");
		}
		Optional.of(Permission.CREATE).filter(permissions::contains).ifPresent(p -> verbs.add(special.getOrDefault(p, "add")));
		Optional.of(Permission.UPDATE).filter(permissions::contains).ifPresent(p -> verbs.add(special.getOrDefault(p, "change")));
		Optional.of(Permission.DELETE).filter(permissions::contains).ifPresent(p -> verbs.add(special.getOrDefault(p, "delete")));
		return join(verbs);
	}

	private String words(NonResourceScope scope) {
		return switch (scope) {
			case FHIR_USER -> "Know who you are: your name and whether you are the patient or their carer";
			case PROFILE -> "See your name";
			case LAUNCH_PATIENT -> "Open the health record you choose";
			case LAUNCH_ENCOUNTER -> "Open the visit you choose";
			case LAUNCH -> "Open with the record already chosen in the portal";
			case OFFLINE_ACCESS -> "Stay signed in until you revoke it";
			case ONLINE_ACCESS -> "Stay signed in while you use it";
			default -> descriptions.describe(scope);
		};
	}

	private static String join(List<String> words) {
		if (words.size() <= 1) {
			return String.join("", words);
		}
		return String.join(", ", words.subList(0, words.size() - 1)) + " and " + words.get(words.size() - 1);
	}

	private static String capitalise(String text) {
		return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
	}
}
