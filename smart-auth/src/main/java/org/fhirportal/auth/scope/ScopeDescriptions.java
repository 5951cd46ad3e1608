package org.fhirportal.auth.scope;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Plain-English wording of scopes for the consent screen, e.g. "Read and search your lab results
 * (Observation, category laboratory)", "Create and update all kinds of your health data" or
 * "Stay signed in (offline access)". Immutable and thread-safe.
 *
 * <p>Common resource types have friendly names; others are spelt out from the type name
 * ("service request records"). Extra or replacement names can be passed to the constructor.
 */
public final class ScopeDescriptions {

  private static final Map<String, String> DEFAULT_TYPE_NAMES = Map.ofEntries(
      Map.entry("AllergyIntolerance", "allergies and intolerances"),
      Map.entry("Appointment", "appointments"),
      Map.entry("AuditEvent", "records of who saw health data"),
      Map.entry("Binary", "attached files"),
      Map.entry("CarePlan", "care plans"),
      Map.entry("CareTeam", "care teams"),
      Map.entry("Communication", "messages"),
      Map.entry("Condition", "conditions and health problems"),
      Map.entry("Consent", "consent records"),
      Map.entry("Coverage", "insurance coverage"),
      Map.entry("DiagnosticReport", "test and imaging reports"),
      Map.entry("DocumentReference", "documents"),
      Map.entry("Encounter", "visits"),
      Map.entry("Goal", "health goals"),
      Map.entry("Immunization", "vaccinations"),
      Map.entry("Medication", "medication details"),
      Map.entry("MedicationRequest", "prescriptions"),
      Map.entry("MedicationStatement", "medication lists"),
      Map.entry("Observation", "test results and measurements"),
      Map.entry("Patient", "personal details"),
      Map.entry("Location", "places of care"),
      Map.entry("Organization", "care organizations"),
      Map.entry("Practitioner", "care providers' details"),
      Map.entry("PractitionerRole", "care providers' roles"),
      Map.entry("Procedure", "procedures"),
      Map.entry("Provenance", "record history"),
      Map.entry("QuestionnaireResponse", "questionnaire answers"),
      Map.entry("RelatedPerson", "family members and carers"),
      Map.entry("Schedule", "appointment calendars"),
      Map.entry("Slot", "free appointment times"),
      Map.entry("Subscription", "notifications"),
      Map.entry("Task", "requests, such as refills"));

  /** Friendlier nouns for a type with one {@code category} constraint, keyed "Type|code". */
  private static final Map<String, String> CATEGORY_NAMES = Map.of(
      "Observation|laboratory", "lab results",
      "Observation|vital-signs", "vital signs",
      "Observation|social-history", "social history",
      "Observation|imaging", "imaging results",
      "Observation|survey", "survey answers",
      "Condition|problem-list-item", "problem list",
      "Condition|encounter-diagnosis", "diagnoses",
      "Condition|health-concern", "health concerns",
      "DocumentReference|clinical-note", "clinical notes");

  private final Map<String, String> typeNames;

  /** Uses the built-in friendly names. */
  public ScopeDescriptions() {
    this(Map.of());
  }

  /** Uses the built-in friendly names, overridden or extended by {@code typeNames}. */
  public ScopeDescriptions(Map<String, String> typeNames) {
    Map<String, String> merged = new HashMap<>(DEFAULT_TYPE_NAMES);
    merged.putAll(Objects.requireNonNull(typeNames, "typeNames"));
    this.typeNames = Map.copyOf(merged);
  }

  /**
   * Describes every scope, one line each: sign-in and launch scopes, then clinical-data scopes
   * in request order, then offline or online access.
   */
  public List<String> describe(ScopeSet scopes) {
    Set<NonResourceScope> last = EnumSet.of(NonResourceScope.OFFLINE_ACCESS,
        NonResourceScope.ONLINE_ACCESS);
    List<String> lines = new ArrayList<>();
    scopes.nonResourceScopes().stream().filter(s -> !last.contains(s))
        .forEach(s -> lines.add(describe(s)));
    scopes.resourceScopes().forEach(s -> lines.add(describe(s)));
    scopes.nonResourceScopes().stream().filter(last::contains)
        .forEach(s -> lines.add(describe(s)));
    return List.copyOf(lines);
  }

  /** Describes an OpenID Connect or launch scope. */
  public String describe(NonResourceScope scope) {
    return switch (scope) {
      case OPENID -> "Confirm your identity when you sign in";
      case FHIR_USER -> "Know which person you are in the health record";
      case PROFILE -> "See your basic profile (name)";
      case LAUNCH -> "Open with the patient and visit already selected in the portal";
      case LAUNCH_PATIENT -> "Use the patient record you choose";
      case LAUNCH_ENCOUNTER -> "Use the visit you choose";
      case OFFLINE_ACCESS -> "Stay signed in (offline access)";
      case ONLINE_ACCESS -> "Stay signed in while you are using it (online access)";
      case CLIENT_CREATE -> "Register applications with this server (administration)";
      case CLIENT_READ -> "See the applications registered with this server (administration)";
      case CLIENT_REGISTRATION -> "See this application's own registration";
      case CLIENT_ADMIN -> "Change and remove the applications registered with this server (administration)";
      case USER_ADMIN -> "Create accounts and activation codes (administration)";
    };
  }

  /** Describes a clinical-data scope, e.g. "Read and search your vaccinations (Immunization)". */
  public String describe(SmartScope scope) {
    String verbs = joinWords(scope.permissions().stream()
        .map(p -> p.name().toLowerCase()).collect(Collectors.toList()));
    return Character.toUpperCase(verbs.charAt(0)) + verbs.substring(1) + " " + object(scope)
        + details(scope);
  }

  private String object(SmartScope scope) {
    if (scope.isAnyType()) {
      return switch (scope.context()) {
        case PATIENT -> "all kinds of your health data";
        case USER -> "all kinds of health data you have access to";
        case SYSTEM -> "all kinds of health data for all patients";
      };
    }
    String noun = noun(scope);
    return switch (scope.context()) {
      case PATIENT -> "your " + noun;
      case USER -> noun + " you have access to";
      case SYSTEM -> noun + " for all patients";
    };
  }

  /**
   * The kind of data a clinical-data scope reaches, in people's words and without the FHIR type name: "lab results",
   * "appointments", "service request records"; "health data" for every type.
   */
  public String kindOfData(SmartScope scope) {
    return scope.isAnyType() ? "health data" : noun(scope);
  }

  private String noun(SmartScope scope) {
    List<String> categories = scope.query().values("category");
    if (scope.query().parameters().size() == 1 && categories.size() == 1
        && !categories.get(0).contains(",")) {
      String byCategory = CATEGORY_NAMES.get(scope.resourceType() + "|" + code(categories.get(0)));
      if (byCategory != null) {
        return byCategory;
      }
    }
    String friendly = typeNames.get(scope.resourceType());
    return friendly != null ? friendly
        : scope.resourceType().replaceAll("(?<=[a-z])(?=[A-Z])", " ").toLowerCase() + " records";
  }

  private static String details(SmartScope scope) {
    List<String> parts = new ArrayList<>();
    if (!scope.isAnyType()) {
      parts.add(scope.resourceType());
    } else if (scope.isGranular()) {
      parts.add("all types");
    }
    scope.query().parameters().forEach((name, values) -> values.forEach(value -> parts.add(
        name + " " + List.of(value.split(",", -1)).stream().map(ScopeDescriptions::code)
            .collect(Collectors.joining(" or ")))));
    return parts.isEmpty() ? "" : " (" + String.join(", ", parts) + ")";
  }

  /** The code of a FHIR token value {@code system|code}; other values unchanged. */
  private static String code(String value) {
    int bar = value.lastIndexOf('|');
    return bar >= 0 && bar < value.length() - 1 ? value.substring(bar + 1) : value;
  }

  private static String joinWords(List<String> words) {
    if (words.size() == 1) {
      return words.get(0);
    }
    return String.join(", ", words.subList(0, words.size() - 1)) + " and "
        + words.get(words.size() - 1);
  }
}
