import { useRef, useState } from "preact/hooks";
import type { MfaEnrolment, MfaStatus, NoticeKind, NoticeSettings } from "../account/api";
import type { OpenRecord } from "../ui/App";
import { Notice, Problem, Show, useLoad } from "../ui/async";

/**
 * The signed-in user's account: who they are, and two-step sign-in (TOTP, RFC 6238) through /api/me/mfa. Setting
 * it up shows a new key (as text and as an otpauth:// link an authenticator app opens) and turns it on only once a
 * code of that key is entered; switching it off needs a current code too. A patient also chooses which e-mail
 * notices they get (/api/me/notifications).
 */
export function AccountSettings(props: { record: OpenRecord }) {
  const { account, user } = props.record;
  const [mfa, reload] = useLoad(() => account.mfa(), []);
  const [said, setSaid] = useState<string>();
  return (
    <>
      <h1 tabIndex={-1}>Account settings</h1>
      {user && (
        <dl class="facts">
          <dt>Name</dt><dd>{user.name}</dd>
          <dt>Username</dt><dd data-testid="username">{user.username}</dd>
        </dl>
      )}
      <h2>Two-step sign-in</h2>
      <p>With two-step sign-in, signing in asks for your password and for a 6-digit code from an authenticator app on
        your phone, so that a stolen password alone does not open your account.</p>
      {said && <Notice>{said}</Notice>}
      <Show loaded={mfa} what="sign-in settings">
        {(status) => <TwoStep status={status} record={props.record} onChanged={(text) => { setSaid(text); reload(); }} />}
      </Show>
      {user?.role === "PATIENT" && <EmailNotices record={props.record} />}
    </>
  );
}

const NOTICE_LABELS: Record<NoticeKind, string> = {
  message: "A new message from my care team",
  results: "New results are ready",
  appointment: "A reminder the day before an appointment",
  refill: "An answer to my refill request",
};

/** The patient's choice of e-mail notices: one checkbox per kind, saved as soon as it is changed. */
function EmailNotices(props: { record: OpenRecord }) {
  const { account } = props.record;
  const [loaded] = useLoad(() => account.notices(), []);
  return (
    <section aria-labelledby="email-notices">
      <h2 id="email-notices">E-mail notices</h2>
      <p>We can send you an e-mail when something new is waiting for you in the portal. The e-mail only says that
        there is something new; you sign in to see what it is.</p>
      <Show loaded={loaded} what="e-mail notice settings">
        {(settings) => <NoticeChoices initial={settings} record={props.record} />}
      </Show>
    </section>
  );
}

function NoticeChoices(props: { initial: NoticeSettings; record: OpenRecord }) {
  const [settings, setSettings] = useState(props.initial);
  const [problem, setProblem] = useState<string>();
  const [said, setSaid] = useState<string>();
  // The box changes at once (and stays enabled, keeping the keyboard's focus); a refusal puts it back.
  const change = async (kind: NoticeKind, on: boolean) => {
    setSettings((now) => ({ ...now, notices: { ...now.notices, [kind]: on } }));
    setProblem(undefined);
    setSaid(undefined);
    try {
      await props.record.account.setNotices({ [kind]: on });
      setSaid("Saved.");
    } catch (e) {
      setSettings((now) => ({ ...now, notices: { ...now.notices, [kind]: !on } }));
      setProblem((e as Error).message);
    }
  };
  return (
    <>
      {!settings.sending && <p>This portal does not send e-mails at the moment; your choices are kept for when it does.</p>}
      <p data-testid="notice-email">{settings.email
        ? <>Notices go to <strong>{settings.email}</strong>, the e-mail address your clinic has for you.</>
        : <>Your clinic has no e-mail address for you, so no notices can be sent. Ask them to add one.</>}</p>
      <fieldset>
        <legend>E-mail me when there is</legend>
        {(Object.keys(NOTICE_LABELS) as NoticeKind[]).map((kind) => (
          <div key={kind}>
            <label for={`notice-${kind}`}>
              <input type="checkbox" id={`notice-${kind}`} name={kind} checked={settings.notices[kind]}
                onChange={(e) => change(kind, (e.target as HTMLInputElement).checked)} />
              {" "}{NOTICE_LABELS[kind]}
            </label>
          </div>
        ))}
      </fieldset>
      {said && <Notice>{said}</Notice>}
      {problem && <Problem>{problem}</Problem>}
    </>
  );
}

function TwoStep(props: { status: MfaStatus; record: OpenRecord; onChanged: (said: string) => void }) {
  const { status } = props;
  const [enrolment, setEnrolment] = useState<MfaEnrolment>();
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState(false);
  const keyHeading = useRef<HTMLHeadingElement>(null);
  const { account } = props.record;

  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setProblem(undefined);
    try {
      await action();
    } catch (e) {
      setProblem((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  if (status.enrolled) {
    return (
      <>
        <p data-testid="mfa-status"><strong>Two-step sign-in is on.</strong> Signing in asks for a code from your authenticator app.</p>
        {status.required ? <p>Your account must use two-step sign-in; it cannot be switched off.</p> : (
          <CodeForm label="Switch off two-step sign-in" busy={busy} problem={problem}
            onCode={(code) => run(async () => {
              await account.removeMfa(code);
              props.onChanged("Two-step sign-in is off. Signing in asks for your password only.");
            })} />
        )}
      </>
    );
  }
  if (!enrolment) {
    return (
      <>
        <p data-testid="mfa-status"><strong>Two-step sign-in is off.</strong></p>
        <button type="button" disabled={busy} onClick={() => run(async () => {
          setEnrolment(await account.startMfa());
          setTimeout(() => keyHeading.current?.focus());
        })}>Set up two-step sign-in</button>
        {problem && <Problem>{problem}</Problem>}
      </>
    );
  }
  return (
    <section aria-labelledby="new-key">
      <h3 id="new-key" tabIndex={-1} ref={keyHeading}>Add this key to your authenticator app</h3>
      <ol>
        <li>
          In your authenticator app, add an account with this key (time-based, 6 digits):
          <p><code data-testid="mfa-secret" class="secret">{enrolment.secret}</code></p>
          <p>On this phone or computer you can also <a href={enrolment.otpauth_uri}>open the key in your authenticator app</a>.</p>
          <details>
            <summary>Show the key as a link address</summary>
            <p><code class="secret" data-testid="mfa-uri">{enrolment.otpauth_uri}</code></p>
          </details>
        </li>
        <li>
          Enter the code the app shows now, to check that it works. Two-step sign-in is on only after this step.
          <CodeForm label="Turn on two-step sign-in" busy={busy} problem={problem}
            onCode={(code) => run(async () => {
              await account.confirmMfa(code);
              setEnrolment(undefined);
              props.onChanged("Two-step sign-in is on. From now on, signing in asks for a code from your authenticator app.");
            })} />
        </li>
      </ol>
    </section>
  );
}

/** A 6-digit code and the button that uses it; the server's answer to a wrong code is shown as an alert. */
function CodeForm(props: { label: string; busy: boolean; problem?: string; onCode: (code: string) => void }) {
  const [code, setCode] = useState("");
  const id = props.label.replace(/\W+/g, "-").toLowerCase();
  return (
    <form class="inline" onSubmit={(e) => { e.preventDefault(); props.onCode(code.trim()); }}>
      <label for={id}>6-digit code
        <input id={id} name="code" inputMode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" maxLength={6} required
          value={code} onInput={(e) => setCode((e.target as HTMLInputElement).value)}
          aria-invalid={props.problem ? "true" : undefined} aria-describedby={props.problem ? `${id}-problem` : undefined} />
      </label>
      <button type="submit" disabled={props.busy}>{props.label}</button>
      {props.problem && <div id={`${id}-problem`} class="full-row"><Problem>{props.problem}</Problem></div>}
    </form>
  );
}
