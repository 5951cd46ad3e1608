package org.fhirportal.auth.scope;

import java.nio.charset.StandardCharsets;

/**
 * A requested scope is not a valid SMART App Launch scope. The authorization server turns this
 * into an OAuth {@code invalid_scope} error.
 *
 * <p>The message names the offending scope and says what is wrong. It is printable ASCII without
 * {@code "} or {@code \} (other characters are percent-encoded) and the echoed scope is
 * shortened, so it can be copied into an OAuth {@code error_description} (RFC 6749 section 5.2).
 * {@link #scope()} and {@link #reason()} give the raw parts.
 */
public final class InvalidScopeException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;
  private static final int MAX_ECHOED_LENGTH = 120;

  private final String scope;
  private final String reason;

  /**
   * @param scope the offending scope exactly as requested (may be empty)
   * @param reason what is wrong with it, in plain words
   */
  public InvalidScopeException(String scope, String reason) {
    super(toSafeAscii("Invalid scope '" + abbreviate(scope) + "': " + reason));
    this.scope = scope;
    this.reason = reason;
  }

  /** The offending scope exactly as requested. */
  public String scope() {
    return scope;
  }

  /** What is wrong with the scope, without the scope itself. */
  public String reason() {
    return reason;
  }

  private static String abbreviate(String text) {
    String s = String.valueOf(text);
    return s.length() <= MAX_ECHOED_LENGTH ? s : s.substring(0, MAX_ECHOED_LENGTH) + "...";
  }

  /** Percent-encodes every character outside RFC 6749's error_description set. */
  private static String toSafeAscii(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      i += Character.charCount(cp);
      if (cp >= 0x20 && cp <= 0x7E && cp != '"' && cp != '\\') {
        out.append((char) cp);
      } else {
        for (byte b : new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8)) {
          out.append('%').append(String.format("%02X", b & 0xFF));
        }
      }
    }
    return out.toString();
  }
}
