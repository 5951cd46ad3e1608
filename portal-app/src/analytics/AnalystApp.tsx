import type Client from "fhirclient/lib/Client";
import { useEffect, useState } from "preact/hooks";
import { FhirApi } from "../fhir/api";
import { ANALYST_SCOPES, connect, requestedRoute, signInAgain, signOut } from "../smart/session";
import { Problem } from "../ui/async";
import { Dashboard } from "./Dashboard";
import "./analytics.css";

/** Whether the browser asked for the analysts' dashboard (portal/#/analytics), now or before the sign-in round trip. */
export function isAnalystEntry(): boolean {
  return /^#\/analytics(\/|$)/.test(requestedRoute());
}

type Start = { state: "connecting" } | { state: "failed"; error: Error } | { state: "ready"; client: Client };

/**
 * The analysts' entry of the portal: the same SMART public client, signed in with {@link ANALYST_SCOPES}; it opens
 * no patient's record, only the engagement report.
 */
export function AnalystApp() {
  const [start, setStart] = useState<Start>({ state: "connecting" });
  useEffect(() => {
    connect(ANALYST_SCOPES).then((client) => setStart({ state: "ready", client }), (error: Error) => setStart({ state: "failed", error }));
  }, []);
  useEffect(() => {
    document.title = "Portal engagement analytics";
  }, []);
  if (start.state !== "ready") {
    return (
      <main id="main" class="centered">
        <h1>Portal engagement analytics</h1>
        {start.state === "connecting"
          ? <p role="status">Signing you in…</p>
          : <><Problem>Sign-in did not complete: {start.error.message.split("\n")[0]}</Problem>
            <p><button type="button" onClick={signInAgain}>Sign in again</button></p></>}
      </main>
    );
  }
  const { client } = start;
  const api = new FhirApi(client, "", signInAgain);
  const who = (client.getIdToken()?.sub as string | undefined) ?? "analyst";
  return (
    <>
      <a class="skip" href="#main" onClick={(e) => { e.preventDefault(); document.querySelector<HTMLElement>("main h1")?.focus(); }}>
        Skip to content
      </a>
      <header class="banner">
        <div class="brand">Portal engagement analytics</div>
        <p class="record" data-testid="signed-in-analyst"><span class="label">Signed in as</span> <strong>{who}</strong></p>
        <button type="button" class="link" onClick={() => signOut(client, "#/analytics")}>Sign out</button>
      </header>
      <main id="main"><Dashboard api={api} /></main>
    </>
  );
}
