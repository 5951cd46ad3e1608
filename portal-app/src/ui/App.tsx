import type Client from "fhirclient/lib/Client";
import { useEffect, useState } from "preact/hooks";
import { AccountApi, type Me } from "../account/api";
import { FhirApi } from "../fhir/api";
import type { Patient } from "../fhir/types";
import { connect, revokeAndSignOut, signInAgain, signOut, switchPatient } from "../smart/session";
import { applyStyle, type Branding } from "../smart/style";
import { Problem } from "./async";
import { Layout } from "./Layout";
import { useRoute } from "./router";
import { Screen } from "../screens/Screen";

/** A record the signed-in user may open: their own, or (for a caregiver) a patient they act for. */
export interface OpenRecord {
  api: FhirApi;
  patient: Patient;
  signOut: () => void;
  /** The account API, with the same token. */
  account: AccountApi;
  /** Who is signed in (absent if the server could not say); a caregiver's record is another person's. */
  user?: Me;
  /** Whether the user acts for the patient (fhirUser is a RelatedPerson), and so may switch patient. */
  caregiver: boolean;
  switchPatient: () => void;
  /** Revokes the portal's own access, which ends the sign-in. */
  revokePortal: () => Promise<void>;
  /** The organization's name, logo and support phone, from the server's SMART style document. */
  branding: Branding;
}

type Start = { state: "connecting" } | { state: "failed"; error: Error } | { state: "ready"; record: OpenRecord };

/** Signs in through SMART, opens the patient's record, and shows the screen the URL names. */
export function App() {
  const route = useRoute();
  const [start, setStart] = useState<Start>({ state: "connecting" });

  useEffect(() => {
    connect()
      .then(openRecord)
      .then((record) => setStart({ state: "ready", record }), (error: Error) => setStart({ state: "failed", error }));
  }, []);

  if (start.state === "connecting") {
    return <main id="main" class="centered"><h1>Patient portal</h1><p role="status">Signing you in…</p></main>;
  }
  if (start.state === "failed") {
    return (
      <main id="main" class="centered">
        <h1>Patient portal</h1>
        <Problem>Sign-in did not complete: {signInProblem(start.error)}</Problem>
        <p><button type="button" onClick={signInAgain}>Sign in again</button></p>
      </main>
    );
  }
  return (
    <Layout record={start.record} route={route}>
      <Screen record={start.record} route={route} />
    </Layout>
  );
}

async function openRecord(client: Client): Promise<OpenRecord> {
  const patientId = client.patient.id;
  if (!patientId) {
    throw new Error("the server did not open a patient's record for this account.");
  }
  const api = new FhirApi(client, patientId, signInAgain);
  const account = new AccountApi(client, signInAgain);
  const [patient, user, branding] = await Promise.all([api.read<Patient>(`Patient/${patientId}`), account.me().catch(() => undefined),
    applyStyle(client)]);
  return {
    api, patient, account, user, branding, signOut: () => signOut(client), switchPatient,
    caregiver: client.getUserType() === "RelatedPerson",
    revokePortal: () => revokeAndSignOut(client, () => account.revokeApp(client.state.clientId!)),
  };
}

function signInProblem(error: Error): string {
  const text = error.message ?? String(error);
  if (/access_denied/.test(text)) {
    return "you did not allow the portal to use your record.";
  }
  return text.split("\n")[0];
}
