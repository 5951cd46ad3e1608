package org.fhirportal.auth.scope;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;
import java.util.regex.Pattern;

/**
 * The query constraint of a granular SMART v2 scope, e.g. the
 * {@code category=http://terminology.hl7.org/CodeSystem/observation-category|laboratory} in
 * {@code patient/Observation.rs?category=...}: FHIR search parameters that a resource must match.
 *
 * <p>Parameters keep their order; a name given twice keeps both values (FHIR AND semantics), a
 * comma inside a value stays as written (FHIR OR semantics). Values are percent-decoded as UTF-8;
 * {@code +} is a literal plus, not a space, because the OAuth layer has already form-decoded the
 * scope parameter once (a second form-decoding would break timezone offsets such as
 * {@code +01:00}). {@link #toString()} re-encodes canonically, so equal queries print alike.
 * Immutable.
 *
 * @see <a href="https://hl7.org/fhir/smart-app-launch/scopes-and-launch-context.html">SMART
 *     App Launch: Scopes and Launch Context (finer-grained resource constraints)</a>
 */
public final class ScopeQuery {

  private static final ScopeQuery NONE = new ScopeQuery(Map.of());
  /** Search parameter names, including modifiers and chains ({@code code:in}, {@code _has:...}). */
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.:\\-]*");

  private final Map<String, List<String>> parameters;

  private ScopeQuery(Map<String, List<String>> parameters) {
    this.parameters = parameters;
  }

  /** The empty query: no constraint. */
  public static ScopeQuery none() {
    return NONE;
  }

  /**
   * A query from already-decoded parameters.
   *
   * @throws InvalidScopeException if a name is not a search parameter name or a value is empty
   */
  public static ScopeQuery of(Map<String, List<String>> parameters) {
    Map<String, List<String>> copy = new LinkedHashMap<>();
    parameters.forEach((name, values) -> {
      for (String value : values) {
        add(copy, name, value, "?" + name + "=" + value);
      }
    });
    return copy.isEmpty() ? NONE : freeze(copy);
  }

  /**
   * Parses the text after {@code ?} in a scope.
   *
   * @throws InvalidScopeException naming {@code ?query} as the scope if the query is malformed
   */
  public static ScopeQuery parse(String query) {
    Objects.requireNonNull(query, "query");
    String scope = "?" + query;
    if (query.isEmpty()) {
      throw new InvalidScopeException(scope, "query after '?' is empty");
    }
    Map<String, List<String>> result = new LinkedHashMap<>();
    for (String pair : query.split("&", -1)) {
      if (pair.isEmpty()) {
        throw new InvalidScopeException(scope, "query has an empty parameter (check the '&'s)");
      }
      int eq = pair.indexOf('=');
      if (eq < 0) {
        throw new InvalidScopeException(scope, "query parameter '" + pair + "' has no '=value'");
      }
      add(result, pair.substring(0, eq), decode(pair.substring(eq + 1), scope), scope);
    }
    return freeze(result);
  }

  /** The decoded parameters in order; unmodifiable. */
  public Map<String, List<String>> parameters() {
    return parameters;
  }

  /** The decoded values of one parameter, or an empty list. */
  public List<String> values(String name) {
    return parameters.getOrDefault(name, List.of());
  }

  /** True for the empty query (no constraint). */
  public boolean isEmpty() {
    return parameters.isEmpty();
  }

  /** The canonical query text without the leading {@code ?}; empty for no constraint. */
  @Override
  public String toString() {
    StringJoiner joiner = new StringJoiner("&");
    parameters.forEach((name, values) -> values.forEach(v -> joiner.add(name + "=" + encode(v))));
    return joiner.toString();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ScopeQuery q && parameters.equals(q.parameters);
  }

  @Override
  public int hashCode() {
    return parameters.hashCode();
  }

  private static void add(Map<String, List<String>> into, String name, String value, String scope) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new InvalidScopeException(scope, "'" + name + "' is not a valid search parameter name");
    }
    if (value == null || value.isEmpty()) {
      throw new InvalidScopeException(scope, "query parameter '" + name + "' has an empty value");
    }
    into.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
  }

  private static ScopeQuery freeze(Map<String, List<String>> map) {
    Map<String, List<String>> frozen = new LinkedHashMap<>();
    map.forEach((name, values) -> frozen.put(name, List.copyOf(values)));
    return new ScopeQuery(Collections.unmodifiableMap(frozen));
  }

  private static String decode(String text, String scope) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c != '%') {
        bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
        continue;
      }
      int hi = i + 2 < text.length() ? Character.digit(text.charAt(i + 1), 16) : -1;
      int lo = hi >= 0 ? Character.digit(text.charAt(i + 2), 16) : -1;
      if (lo < 0) {
        throw new InvalidScopeException(scope, "bad percent-encoding at '"
            + text.substring(i, Math.min(i + 3, text.length())) + "' (expected %XX)");
      }
      bytes.write(hi * 16 + lo);
      i += 2;
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
    } catch (CharacterCodingException e) {
      throw new InvalidScopeException(scope, "percent-encoded value is not valid UTF-8");
    }
  }

  /** Keeps scope-token characters except the query delimiters and '%', '+'; encodes the rest. */
  private static String encode(String value) {
    StringBuilder out = new StringBuilder();
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xFF);
      if (c < 0x80 && ScopeTokens.isScopeTokenChar(c) && "%&=?#+".indexOf(c) < 0) {
        out.append(c);
      } else {
        out.append('%').append(String.format("%02X", b & 0xFF));
      }
    }
    return out.toString();
  }
}
