import { useState } from "preact/hooks";
import { FhirError, type FhirApi } from "../fhir/api";
import type { MedicationRequest, Task } from "../fhir/types";
import { Notice, Problem, Show, useLoad } from "../ui/async";
import { concept, date, dateTime, who } from "../ui/format";

const REFILL_CODE = "http://fhirportal.org/fhir/CodeSystem/portal-task-codes|refill-request";

/**
 * The patient's prescriptions, current ones first. A current prescription has a refill button that calls
 * MedicationRequest/[id]/$request-refill (the IG's RequestRefill operation) and shows the request's status.
 */
export function Medications(props: { api: FhirApi }) {
  const { api } = props;
  const [data, reload] = useLoad(async () => {
    const [prescriptions, refills] = await Promise.all([
      api.search<MedicationRequest>(`MedicationRequest?patient=${api.patientId}&_sort=-authoredon&_count=100`),
      // refill requests are Tasks of the record; a server without them (or refusing them) shows none
      api.search<Task>(`Task?patient=${api.patientId}&code=${encodeURIComponent(REFILL_CODE)}&_sort=-_lastUpdated&_count=100`, 1).catch(() => []),
    ]);
    return { prescriptions, refills };
  }, [api.patientId]);
  return (
    <>
      <h1 tabIndex={-1}>Medications</h1>
      <Show loaded={data} what="medications">
        {({ prescriptions, refills }) => {
          const current = prescriptions.filter((m) => m.status === "active");
          const past = prescriptions.filter((m) => m.status !== "active");
          return (
            <>
              <h2>Current prescriptions</h2>
              {current.length === 0 ? <p>You have no current prescription.</p> : (
                <ul class="items">
                  {current.map((m) => (
                    <Prescription key={m.id} api={api} prescription={m}
                      refill={refills.find((t) => t.focus?.reference === `MedicationRequest/${m.id}`)} onRequested={reload} />
                  ))}
                </ul>
              )}
              <h2>Past prescriptions</h2>
              {past.length === 0 ? <p>None.</p> : (
                <ul class="items">
                  {past.map((m) => (
                    <li key={m.id} class="item">
                      <h3>{concept(m.medicationCodeableConcept)}</h3>
                      <p class="muted">{statusText(m.status)} · prescribed {date(m.authoredOn)} by {who(m.requester)}</p>
                    </li>
                  ))}
                </ul>
              )}
            </>
          );
        }}
      </Show>
    </>
  );
}

type Sending = { state: "idle" } | { state: "sending" } | { state: "done"; task: Task } | { state: "failed"; message: string };

function Prescription(props: { api: FhirApi; prescription: MedicationRequest; refill?: Task; onRequested: () => void }) {
  const { api, prescription: m } = props;
  const [sending, setSending] = useState<Sending>({ state: "idle" });
  const name = concept(m.medicationCodeableConcept);
  const request = async () => {
    setSending({ state: "sending" });
    try {
      const task = await api.operation<Task>(`MedicationRequest/${m.id}/$request-refill`);
      setSending({ state: "done", task });
    } catch (e) {
      const error = e as FhirError;
      setSending({
        state: "failed",
        message: error instanceof FhirError && error.notOffered
          ? "Refill requests cannot be made online yet. Please call your practice or send a message to your care team."
          : `The refill request was not sent: ${error.message}`,
      });
    }
  };
  const refill = sending.state === "done" ? sending.task : props.refill;
  return (
    <li class="item" data-testid="prescription">
      <h3>{name}</h3>
      <p>{m.dosageInstruction?.[0]?.text}</p>
      <p class="muted">Prescribed {date(m.authoredOn)} by {who(m.requester)}
        {m.dispenseRequest?.numberOfRepeatsAllowed !== undefined && ` · ${m.dispenseRequest.numberOfRepeatsAllowed} repeats allowed`}</p>
      {refill && (
        <Notice>Refill request: <strong data-testid="refill-status">{refillStatusText(refill)}</strong>
          {refill.authoredOn && ` (asked ${dateTime(refill.authoredOn)})`}</Notice>
      )}
      {sending.state === "failed" && <Problem>{sending.message}</Problem>}
      {!isOpen(refill) && (
        <button type="button" onClick={request} disabled={sending.state === "sending"} aria-label={`Request a refill of ${name}`}>
          {sending.state === "sending" ? "Sending…" : "Request a refill"}
        </button>
      )}
    </li>
  );
}

function isOpen(task?: Task): boolean {
  return !!task && ["requested", "received", "accepted", "in-progress", "ready", "draft"].includes(task.status ?? "");
}

function refillStatusText(task: Task): string {
  const text: Record<string, string> = {
    requested: "sent, waiting for your prescriber",
    received: "received by your practice",
    accepted: "accepted",
    "in-progress": "in progress",
    rejected: "declined",
    completed: "done: your prescription was renewed",
    cancelled: "cancelled",
  };
  const reason = concept(task.statusReason);
  return (text[task.status ?? ""] ?? task.status ?? "unknown") + (reason ? ` (${reason})` : "");
}

function statusText(status?: string): string {
  return status === "completed" ? "Finished" : status === "stopped" ? "Stopped" : status === "on-hold" ? "On hold" : status ?? "";
}
