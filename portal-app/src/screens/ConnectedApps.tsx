import { useRef, useState } from "preact/hooks";
import type { ConnectedApp } from "../account/api";
import { CLIENT_ID } from "../smart/session";
import type { OpenRecord } from "../ui/App";
import { Notice, Problem, Show, useLoad } from "../ui/async";

/**
 * The apps the signed-in user allowed to use their account (GET /api/me/apps), each with a revoke button that asks
 * to confirm first (DELETE /api/me/apps/{client}: the app's tokens stop working at once). The portal itself is
 * listed too; revoking it signs the user out, which the screen says before it is done.
 */
export function ConnectedApps(props: { record: OpenRecord }) {
  const { account } = props.record;
  const [apps, reload] = useLoad(() => account.apps(), []);
  const [revoked, setRevoked] = useState<string>();
  return (
    <>
      <h1 tabIndex={-1}>Connected apps</h1>
      <p>These apps can use your account because you allowed them. Revoke an app's access when you no longer use it:
        it stops working with your record at once.</p>
      {revoked && <Notice>{revoked} can no longer use your record.</Notice>}
      <Show loaded={apps} what="connected apps">
        {(list) => list.length === 0 ? <p>You have not allowed any app.</p> : (
          <ul class="items" data-testid="connected-apps">
            {list.map((app) => (
              <AppItem key={app.client_id} app={app} record={props.record}
                onRevoked={() => { setRevoked(app.client_name); reload(); }} />
            ))}
          </ul>
        )}
      </Show>
    </>
  );
}

type Revoking = { state: "idle" } | { state: "confirming" } | { state: "sending" } | { state: "failed"; message: string };

function AppItem(props: { app: ConnectedApp; record: OpenRecord; onRevoked: () => void }) {
  const { app, record } = props;
  const portal = app.client_id === CLIENT_ID;
  const [revoking, setRevoking] = useState<Revoking>({ state: "idle" });
  const question = useRef<HTMLParagraphElement>(null);
  const revokeButton = useRef<HTMLButtonElement>(null);

  const ask = () => {
    setRevoking({ state: "confirming" });
    setTimeout(() => question.current?.focus());
  };
  const cancel = () => {
    setRevoking({ state: "idle" });
    setTimeout(() => revokeButton.current?.focus());
  };
  const revoke = async () => {
    setRevoking({ state: "sending" });
    try {
      if (portal) {
        await record.revokePortal();
      } else {
        await record.account.revokeApp(app.client_id);
        props.onRevoked();
      }
    } catch (e) {
      setRevoking({ state: "failed", message: (e as Error).message });
    }
  };

  return (
    <li class="item" data-testid="connected-app">
      <h2 class="h3">{app.client_name}{portal && <span class="muted"> (this app)</span>}</h2>
      <p class="muted">{app.active ? "Signed in now" : "Not signed in at the moment"}{app.scope && <> · may {permissions(app.scope)}</>}</p>
      {portal && <p>This is the patient portal you are using. Revoking its access signs you out, here and on your other
        devices; you can sign in and allow it again at any time.</p>}
      {revoking.state === "confirming" || revoking.state === "sending" ? (
        <div class="confirm">
          <p tabIndex={-1} ref={question}>
            <strong>{portal ? "Revoke the portal's access and sign out?" : `Revoke ${app.client_name}'s access?`}</strong>
            {!portal && " It will no longer be able to use your record until you allow it again."}
          </p>
          <button type="button" onClick={revoke} disabled={revoking.state === "sending"}>
            {portal ? "Yes, revoke and sign out" : "Yes, revoke access"}
          </button>{" "}
          <button type="button" class="secondary" onClick={cancel} disabled={revoking.state === "sending"}>Cancel</button>
        </div>
      ) : (
        <button type="button" class="secondary" ref={revokeButton} onClick={ask}>
          Revoke access<span class="visually-hidden"> of {app.client_name}</span>
        </button>
      )}
      {revoking.state === "failed" && <Problem>The access could not be revoked. {revoking.message}</Problem>}
    </li>
  );
}

/** What the approved scopes let the app do, in words. */
function permissions(scope: string): string {
  const scopes = scope.split(" ");
  const words: string[] = [];
  if (scopes.some((s) => /^(patient|user)\/.*\.c?r/.test(s) || /\.read$/.test(s))) {
    words.push("read your record");
  }
  if (scopes.some((s) => /^(patient|user)\/.*\.(c|cu|cru|u)/.test(s) || /\.write$/.test(s))) {
    words.push("add to your record");
  }
  if (scopes.includes("offline_access")) {
    words.push("stay signed in");
  }
  return words.length === 0 ? "know who you are" : words.join(", ");
}
