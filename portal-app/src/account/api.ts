import type Client from "fhirclient/lib/Client";

/** A refusal of the account API, with the server's own words (its JSON error_description). */
export class AccountError extends Error {
  constructor(readonly status: number, readonly code: string | undefined, message: string) {
    super(message);
  }
}

/** The signed-in person (GET /api/me). */
export interface Me {
  username: string;
  name: string;
  role: "PATIENT" | "PRACTITIONER" | "RELATED_PERSON" | "ADMINISTRATOR";
  fhirUser?: string;
}

/** An app the user approved (GET /api/me/apps). */
export interface ConnectedApp {
  client_id: string;
  client_name: string;
  scope: string;
  active: boolean;
}

/** Two-step sign-in (GET /api/me/mfa). */
export interface MfaStatus {
  enrolled: boolean;
  required: boolean;
  pending: boolean;
}

/** A started enrolment (POST /api/me/mfa/enrolment): the new key, for the user's authenticator app. */
export interface MfaEnrolment {
  secret: string;
  otpauth_uri: string;
  expires_at: string;
}

/** The kinds of e-mail notice a patient can choose (the keys of /api/me/notifications' notices). */
export type NoticeKind = "message" | "results" | "appointment" | "refill";

/** The patient's e-mail notices (GET /api/me/notifications). */
export interface NoticeSettings {
  notices: Record<NoticeKind, boolean>;
  /** Where the notices go (the e-mail address in the patient's record), or null when the record has none. */
  email: string | null;
  /** Whether this server sends e-mail notices at all. */
  sending: boolean;
}

type SessionEnded = () => void;

/**
 * The server's account API (/api/me/...), outside FHIR, called with the same SMART access token as the FHIR
 * requests: the SMART client refreshes it first when it is about to expire. Hand-written with fetch, because
 * fhirclient's request() is for FHIR resources. A refused token ends the session, as in FhirApi.
 */
export class AccountApi {
  constructor(private readonly client: Client, private readonly onSessionEnded: SessionEnded) {}

  me(): Promise<Me> {
    return this.send<Me>("GET", "me");
  }

  apps(): Promise<ConnectedApp[]> {
    return this.send<ConnectedApp[]>("GET", "me/apps");
  }

  async revokeApp(clientId: string): Promise<void> {
    await this.send<void>("DELETE", `me/apps/${encodeURIComponent(clientId)}`);
  }

  mfa(): Promise<MfaStatus> {
    return this.send<MfaStatus>("GET", "me/mfa");
  }

  startMfa(): Promise<MfaEnrolment> {
    return this.send<MfaEnrolment>("POST", "me/mfa/enrolment");
  }

  async confirmMfa(code: string): Promise<void> {
    await this.send<void>("POST", "me/mfa/enrolment/confirm", { code });
  }

  async removeMfa(code: string): Promise<void> {
    await this.send<void>("DELETE", "me/mfa", { code });
  }

  notices(): Promise<NoticeSettings> {
    return this.send<NoticeSettings>("GET", "me/notifications");
  }

  setNotices(notices: Partial<Record<NoticeKind, boolean>>): Promise<NoticeSettings> {
    return this.send<NoticeSettings>("PUT", "me/notifications", { notices });
  }

  private async send<T>(method: string, path: string, body?: unknown): Promise<T> {
    let response: Response;
    try {
      await this.client.refreshIfNeeded();
      const token = this.client.state.tokenResponse?.access_token;
      const headers: Record<string, string> = { Accept: "application/json", Authorization: `Bearer ${token}` };
      if (body !== undefined) {
        headers["Content-Type"] = "application/json";
      }
      response = await fetch(new URL(`../api/${path}`, window.location.href).href, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        cache: "no-store",
      });
    } catch (e) {
      if (/invalid_grant|Unable to refresh/.test(String(e))) {
        this.onSessionEnded();
        throw new AccountError(401, "invalid_token", "Your session has ended. Taking you to sign in again…");
      }
      throw new AccountError(0, undefined, "The server could not be reached. Check your connection and try again.");
    }
    if (response.status === 401) {
      this.onSessionEnded();
      throw new AccountError(401, "invalid_token", "Your session has ended. Taking you to sign in again…");
    }
    const text = await response.text();
    const json = text ? safeJson(text) : undefined;
    if (!response.ok) {
      const error = json as { error?: string; error_description?: string } | undefined;
      throw new AccountError(response.status, error?.error, sentence(error?.error_description) ?? `The server answered ${response.status}.`);
    }
    return json as T;
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The server writes its descriptions in lower case without a full stop; the screen shows a sentence. */
function sentence(text?: string): string | undefined {
  if (!text) {
    return undefined;
  }
  const s = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?]$/.test(s) ? s : `${s}.`;
}
