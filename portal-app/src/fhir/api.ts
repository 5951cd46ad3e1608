import type Client from "fhirclient/lib/Client";
import type { Bundle, OperationOutcome, Resource } from "./types";

/** A request the server refused, with the reason it gave (an OperationOutcome's text, or the HTTP status). */
export class FhirError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }

  /** The operation is not (yet) offered by this server (HAPI answers an unknown operation with 400 and these words). */
  get notOffered(): boolean {
    return this.status === 404 || this.status === 501 || this.status === 405
      || (this.status === 400 && /does not know how to handle/.test(this.message));
  }
}

type SessionEnded = () => void;

/**
 * The portal's only way to the server: FHIR requests through the SMART client, in the context of one patient's
 * record (a caregiver switches records by using another instance). A refused token ends the session; every other
 * refusal becomes a {@link FhirError} with the server's own words.
 */
export class FhirApi {
  constructor(
    private readonly client: Client,
    readonly patientId: string,
    private readonly onSessionEnded: SessionEnded,
  ) {}

  /** A reference to the open record, as FHIR writes it. */
  get patientReference(): string {
    return `Patient/${this.patientId}`;
  }

  /** The signed-in user as a FHIR reference (Patient/1, RelatedPerson/2), from the id token's fhirUser. */
  get userReference(): string | undefined {
    return this.client.getFhirUser() ?? undefined;
  }

  async read<T extends Resource>(path: string): Promise<T> {
    return this.send<T>(path, { method: "GET" });
  }

  /** All resources of a search, following next links up to a limit of pages. */
  async search<T extends Resource>(path: string, maxPages = 5): Promise<T[]> {
    return (await this.searchIncluding<T>(path, maxPages)).found;
  }

  /** A search with _include: the matches, and the resources they point at that the server included. */
  async searchIncluding<T extends Resource>(path: string, maxPages = 5): Promise<{ found: T[]; included: Resource[] }> {
    const found: T[] = [];
    const included: Resource[] = [];
    let next: string | undefined = path;
    for (let page = 0; next && page < maxPages; page++) {
      const bundle: Bundle<T> = await this.send<Bundle<T>>(next, { method: "GET" });
      for (const entry of bundle.entry ?? []) {
        if (entry.resource && entry.search?.mode === "include") {
          included.push(entry.resource);
        } else if (entry.resource && entry.search?.mode !== "outcome") {
          found.push(entry.resource);
        }
      }
      next = bundle.link?.find((l) => l.relation === "next")?.url;
    }
    return { found, included };
  }

  /** How many resources a search matches (asks the server to count, reads none). */
  async count(path: string): Promise<number> {
    const separator = path.includes("?") ? "&" : "?";
    const bundle = await this.send<Bundle>(`${path}${separator}_summary=count`, { method: "GET" });
    return bundle.total ?? 0;
  }

  async create<T extends Resource>(resource: T): Promise<T> {
    return this.send<T>(resource.resourceType, { method: "POST", body: JSON.stringify(resource) });
  }

  async update<T extends Resource>(resource: T): Promise<T> {
    return this.send<T>(`${resource.resourceType}/${resource.id}`, { method: "PUT", body: JSON.stringify(resource) });
  }

  /** Invokes a FHIR operation by POST with a Parameters body. */
  async operation<T>(path: string, parameters: Record<string, unknown>[] = []): Promise<T> {
    return this.send<T>(path, {
      method: "POST",
      body: JSON.stringify({ resourceType: "Parameters", parameter: parameters }),
    });
  }

  private async send<T>(url: string, init: RequestInit): Promise<T> {
    try {
      return await this.client.request<T>({
        url,
        ...init,
        headers: { "Content-Type": "application/fhir+json", Accept: "application/fhir+json" },
      });
    } catch (e) {
      throw this.refusal(e);
    }
  }

  private refusal(e: unknown): Error {
    const status = (e as { status?: number; statusCode?: number }).status ?? (e as { statusCode?: number }).statusCode ?? 0;
    const message = e instanceof Error ? e.message : String(e);
    // 401: the token is refused; a failed refresh (invalid_grant) means the sign-in itself has expired
    if (status === 401 || /invalid_grant|Unable to refresh/.test(message)) {
      this.onSessionEnded();
      return new FhirError(401, "Your session has ended. Taking you to sign in again…");
    }
    const outcome = outcomeIn(e);
    const said = outcome?.resourceType === "OperationOutcome"
      ? outcome.issue?.map((i) => i.diagnostics ?? i.details?.text).filter(Boolean).join(" ")
      : undefined;
    if (status === 0) {
      return new FhirError(0, "The server could not be reached. Check your connection and try again.");
    }
    return new FhirError(status, said || `The server answered ${status}.`);
  }
}

/** fhirclient's HttpError carries the response body as JSON text after a blank line of its message. */
function outcomeIn(e: unknown): OperationOutcome | undefined {
  const message = e instanceof Error ? e.message : "";
  const body = message.indexOf("\n\n");
  if (body < 0) {
    return undefined;
  }
  try {
    return JSON.parse(message.slice(body + 2)) as OperationOutcome;
  } catch {
    return undefined;
  }
}
