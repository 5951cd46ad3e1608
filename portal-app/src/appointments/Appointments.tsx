import { useState } from "preact/hooks";
import { FhirError, type FhirApi } from "../fhir/api";
import type { Appointment } from "../fhir/types";
import { Notice, Problem, Show, useLoad } from "../ui/async";
import { dateTime } from "../ui/format";
import { FreeTimes } from "./FreeTimes";
import { downloadIcs } from "./ics";
import { directoryOf, type Directory, statusInWords, type Visit, visitOfAppointment } from "./visit";

const NOT_ONLINE = "Online booking is not available yet. Please call your practice.";

/**
 * Upcoming and past appointments, each saying who, where, what and its status in words, with its clinician and
 * place read along (_include=Appointment:actor); find a free time and book it (Appointment/$book), cancel a booked
 * appointment (Appointment/[id]/$cancel), or add it to a calendar (an .ics file made in the browser).
 */
export function Appointments(props: { api: FhirApi }) {
  const { api } = props;
  const [message, setMessage] = useState<{ ok: boolean; text: string }>();
  const [appointments, reload] = useLoad(async () => {
    const { found, included } = await api.searchIncluding<Appointment>(
      `Appointment?patient=${api.patientId}&_sort=-date&_count=100&_include=Appointment:actor`);
    return { list: found, directory: directoryOf(included) };
  }, [api.patientId]);
  const done = (text: string) => {
    setMessage({ ok: true, text });
    reload();
  };
  const failed = (error: unknown, what: string) => setMessage({
    ok: false,
    text: error instanceof FhirError && error.notOffered ? NOT_ONLINE : `${what}: ${(error as Error).message}`,
  });
  const cancel = async (a: Appointment) => {
    try {
      await api.operation(`Appointment/${a.id}/$cancel`);
      done(`Your appointment of ${dateTime(a.start)} is cancelled.`);
    } catch (e) {
      failed(e, "The appointment was not cancelled");
    }
  };
  const now = new Date().toISOString();
  return (
    <>
      <h1 tabIndex={-1}>Appointments</h1>
      {message && (message.ok ? <Notice>{message.text}</Notice> : <Problem>{message.text}</Problem>)}
      <Show loaded={appointments} what="appointments">
        {({ list, directory }) => {
          const upcoming = list.filter((a) => a.status === "booked" && (a.start ?? "") >= now).reverse();
          const past = list.filter((a) => !upcoming.includes(a));
          return (
            <>
              <h2>Upcoming</h2>
              {upcoming.length === 0 ? <p>No upcoming appointment.</p> : (
                <ul class="items">
                  {upcoming.map((a) => (
                    <li key={a.id} class="item" data-testid="upcoming-appointment">
                      <AppointmentCard appointment={a} directory={directory} />
                      <div class="actions">
                        <button type="button" class="secondary" onClick={() => addToCalendar(a, directory)}
                          aria-label={`Add to calendar: appointment of ${dateTime(a.start)}`}>Add to calendar</button>
                        <button type="button" class="secondary" onClick={() => cancel(a)}
                          aria-label={`Cancel appointment of ${dateTime(a.start)}`}>Cancel appointment</button>
                      </div>
                    </li>
                  ))}
                </ul>
              )}
              <FreeTimes api={api} onBooked={(a) => done(`Booked: ${dateTime(a.start)}.`)} onFailed={(e) => failed(e, "The time was not booked")} />
              <h2>Past and cancelled</h2>
              {past.length === 0 ? <p>None.</p> : (
                <ul class="items" data-testid="past-appointments">
                  {past.map((a) => <li key={a.id} class="item"><AppointmentCard appointment={a} directory={directory} /></li>)}
                </ul>
              )}
            </>
          );
        }}
      </Show>
    </>
  );
}

/** When, what with whom, where, and the status in words. */
export function AppointmentCard(props: { appointment: Appointment; directory: Directory }) {
  const a = props.appointment;
  const visit = visitOfAppointment(a, props.directory);
  return (
    <>
      <h3>{dateTime(a.start)}</h3>
      <p data-testid="appointment-what">{describe(visit)}</p>
      {visit.place && <p data-testid="appointment-where">{visit.place}{visit.address && <span class="muted"> · {visit.address}</span>}</p>}
      <p><span class={`status status-${a.status ?? "unknown"}`} data-testid="appointment-status">{statusInWords(a.status)}</span></p>
      {a.comment && <p class="muted">{a.comment}</p>}
    </>
  );
}

function describe(visit: Visit): string {
  return [visit.kind, visit.clinician && `with ${visit.clinician}`].filter(Boolean).join(" ") || "Appointment";
}

function addToCalendar(a: Appointment, directory: Directory) {
  const visit = visitOfAppointment(a, directory);
  downloadIcs({
    uid: `appointment-${a.id}@${location.host}`,
    start: a.start!,
    end: a.end,
    summary: describe(visit),
    location: [visit.place, visit.address].filter(Boolean).join(", ") || undefined,
    description: a.comment,
    cancelled: a.status === "cancelled",
  }, `appointment-${(a.start ?? "").slice(0, 10)}.ics`);
}
