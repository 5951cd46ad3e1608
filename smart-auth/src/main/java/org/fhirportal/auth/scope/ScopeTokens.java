package org.fhirportal.auth.scope;

/** Character-level rules shared by the scope parsers (package-private helper). */
final class ScopeTokens {

  private ScopeTokens() {}

  /** RFC 6749 section 3.3: {@code scope-token = 1*( %x21 / %x23-5B / %x5D-7E )}. */
  static boolean isScopeTokenChar(char c) {
    return c == 0x21 || (c >= 0x23 && c <= 0x5B) || (c >= 0x5D && c <= 0x7E);
  }

  /** Rejects an empty token or one with a character OAuth does not allow in a scope. */
  static void requireValidToken(String token) {
    if (token.isEmpty()) {
      throw new InvalidScopeException(token, "empty scope");
    }
    for (int i = 0; i < token.length(); i++) {
      if (!isScopeTokenChar(token.charAt(i))) {
        throw new InvalidScopeException(token, "character at position " + (i + 1)
            + " is not allowed in an OAuth scope (RFC 6749 section 3.3); percent-encode it"
            + " inside a query");
      }
    }
  }
}
