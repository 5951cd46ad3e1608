import FHIR from "fhirclient";
import type Client from "fhirclient/lib/Client";

/**
 * The portal's SMART App Launch (standalone, public client, PKCE S256) through the official SMART JavaScript
 * client: it keeps its state, tokens included, in session storage and nowhere else. The app holds no secret.
 */

/** The client id the server registers for the portal (portal.app.client-id). */
export const CLIENT_ID = "fhir-portal";

/**
 * What the portal asks for: the user's identity, the patient's record to read, messages to write (and mark read),
 * appointments to book and cancel, and refill requests (Tasks) to make and withdraw. The server's operation rules
 * authorize booking and refills on these scopes.
 */
export const SCOPES =
  "openid fhirUser launch/patient patient/*.rs patient/Communication.cu patient/Appointment.cu patient/Task.cu online_access";

/**
 * What the analysts' dashboard asks for (portal/#/analytics): the user's identity and unrestricted read of the audit
 * trail at user level, which the server turns into the aggregate $engagement report for an analyst account and
 * nothing else (no patient's record, not even the raw AuditEvents).
 */
export const ANALYST_SCOPES = "openid fhirUser user/AuditEvent.rs online_access";

const RETURN_TO = "portal.returnTo";
const SMART_KEY = "SMART_KEY";

/** The FHIR base URL of the server that serves the app: the portal is an app of its own server. */
export function fhirBaseUrl(): string {
  return new URL("../fhir", window.location.href).href.replace(/\/$/, "");
}

/** The redirect URI registered for the portal: the app's own address, without query or hash. */
export function redirectUri(): string {
  return new URL("./", window.location.href).href;
}

/**
 * Completes a sign-in that just came back to the app, revives the session of this tab, or starts a new sign-in
 * (in which case the returned promise never resolves: the browser leaves for the sign-in page).
 */
export async function connect(scope = SCOPES): Promise<Client> {
  // a public client identifies itself on refresh with its client_id (it has no secret to authenticate with)
  FHIR.oauth2.settings.refreshTokenWithClientId = true;
  rememberRoute();
  const client = await FHIR.oauth2.init({
    clientId: CLIENT_ID,
    scope,
    iss: fhirBaseUrl(),
    redirectUri: redirectUri(),
    pkceMode: "required",
  });
  restoreRoute();
  return client;
}

/**
 * The session ended (the server refused the token): forget it and sign in again, coming back to the same screen.
 * What the user typed survives in session storage (see drafts.ts).
 */
export function signInAgain(): void {
  sessionStorage.setItem(RETURN_TO, window.location.hash);
  forgetSession();
  // init() finds no state and starts a new authorization
  window.location.replace(redirectUri());
}

/**
 * Signs out: forgets this tab's tokens and ends the sign-in at the server (OpenID Connect RP-initiated logout),
 * which sends the browser back to the app, and so to the sign-in page (and after it to `returnTo`, if given).
 */
export function signOut(client: Client, returnTo?: string): void {
  const logout = logoutUrl(client);
  forgetSession();
  if (returnTo) {
    sessionStorage.setItem(RETURN_TO, returnTo);
  }
  window.location.assign(logout);
}

/**
 * A caregiver opens another patient's record: a new authorization of the portal, in which the authorization
 * server's patient picker offers every patient the caregiver acts for (the browser stays signed in there).
 */
export function switchPatient(): void {
  forgetSession();
  window.location.replace(redirectUri());
}

/**
 * The user revokes the portal's own access: the sign-in at the server ends first (RP-initiated logout needs the
 * ID token of a live authorization, which the revocation removes), then the revocation runs with the still valid
 * access token, and the app starts over at the sign-in page.
 */
export async function revokeAndSignOut(client: Client, revoke: () => Promise<void>): Promise<void> {
  const logout = logoutUrl(client);
  await fetch(logout, { redirect: "manual", credentials: "same-origin", cache: "no-store" });
  await revoke();
  forgetSession();
  window.location.replace(redirectUri());
}

function logoutUrl(client: Client): string {
  const idToken = client.state.tokenResponse?.id_token;
  const logout = new URL("../connect/logout", window.location.href);
  if (idToken) {
    logout.searchParams.set("id_token_hint", idToken);
  }
  logout.searchParams.set("client_id", CLIENT_ID);
  logout.searchParams.set("post_logout_redirect_uri", redirectUri());
  return logout.href;
}

function forgetSession(): void {
  const key = sessionStorage.getItem(SMART_KEY);
  if (key) {
    sessionStorage.removeItem(JSON.parse(key));
  }
  sessionStorage.removeItem(SMART_KEY);
}

/** The screen asked for, when a new sign-in may be about to start: the authorization round trip drops the fragment. */
function rememberRoute(): void {
  const hash = window.location.hash;
  if (hash && hash !== "#/" && !new URLSearchParams(window.location.search).has("code") && !sessionStorage.getItem(SMART_KEY)) {
    sessionStorage.setItem(RETURN_TO, hash);
  }
}

/** The screen the tab is on or, during the sign-in round trip, the one it will come back to. */
export function requestedRoute(): string {
  return window.location.hash || sessionStorage.getItem(RETURN_TO) || "";
}

function restoreRoute(): void {
  const route = sessionStorage.getItem(RETURN_TO);
  if (route) {
    sessionStorage.removeItem(RETURN_TO);
    if (!window.location.hash || window.location.hash === "#/") {
      window.location.hash = route;
    }
  }
}
