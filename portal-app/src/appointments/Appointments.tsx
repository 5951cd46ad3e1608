import { useState } from "preact/hooks";
import { FhirError, type FhirApi } from "../fhir/api";
import type { Appointment, Bundle, Slot } from "../fhir/types";
import { Notice, Problem, Show, useLoad } from "../ui/async";
import { dateTime, who } from "../ui/format";

const NOT_ONLINE = "Online booking is not available yet. Please call your practice.";

/**
 * Upcoming and past appointments; find a free slot (Slot/$find), book it (Appointment/$book) and cancel a booked
 * appointment (Appointment/[id]/$cancel), the IG's scheduling operations.
 */
export function Appointments(props: { api: FhirApi }) {
  const { api } = props;
  const [message, setMessage] = useState<{ ok: boolean; text: string }>();
  const [appointments, reload] = useLoad(() => api.search<Appointment>(
    `Appointment?patient=${api.patientId}&_sort=-date&_count=100`), [api.patientId]);
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
        {(list) => {
          const upcoming = list.filter((a) => a.status === "booked" && (a.start ?? "") >= now).reverse();
          const past = list.filter((a) => !upcoming.includes(a));
          return (
            <>
              <h2>Upcoming</h2>
              {upcoming.length === 0 ? <p>No upcoming appointment.</p> : (
                <ul class="items">
                  {upcoming.map((a) => (
                    <li key={a.id} class="item" data-testid="upcoming-appointment">
                      <h3>{dateTime(a.start)}</h3>
                      <p>{a.description}</p>
                      {a.comment && <p class="muted">{a.comment}</p>}
                      <button type="button" class="secondary" onClick={() => cancel(a)}
                        aria-label={`Cancel appointment of ${dateTime(a.start)}`}>Cancel appointment</button>
                    </li>
                  ))}
                </ul>
              )}
              <FindSlot api={api} onBooked={(a) => done(`Booked: ${dateTime(a.start)}.`)} onFailed={(e) => failed(e, "The slot was not booked")} />
              <h2>Past and cancelled</h2>
              {past.length === 0 ? <p>None.</p> : (
                <table>
                  <thead><tr><th scope="col">When</th><th scope="col">What</th><th scope="col">Status</th></tr></thead>
                  <tbody>
                    {past.map((a) => <tr key={a.id}><td>{dateTime(a.start)}</td><td>{a.description}</td><td>{a.status}</td></tr>)}
                  </tbody>
                </table>
              )}
            </>
          );
        }}
      </Show>
    </>
  );
}

function FindSlot(props: { api: FhirApi; onBooked: (a: Appointment) => void; onFailed: (e: unknown) => void }) {
  const { api } = props;
  const today = new Date().toISOString().slice(0, 10);
  const [from, setFrom] = useState(today);
  const [to, setTo] = useState(new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10));
  const [slots, setSlots] = useState<Slot[]>();
  const find = async (e: Event) => {
    e.preventDefault();
    try {
      const found = await api.read<Bundle<Slot>>(`Slot/$find?start=${from}T00:00:00Z&end=${to}T23:59:59Z&_count=20`);
      setSlots((found.entry ?? []).map((entry) => entry.resource!).filter(Boolean));
    } catch (error) {
      setSlots(undefined);
      props.onFailed(error);
    }
  };
  const book = async (slot: Slot) => {
    try {
      const appointment = await api.operation<Appointment>("Appointment/$book", [
        { name: "slot", valueReference: { reference: `Slot/${slot.id}` } },
        { name: "patient", valueReference: { reference: api.patientReference } },
      ]);
      setSlots(undefined);
      props.onBooked(appointment);
    } catch (error) {
      props.onFailed(error);
    }
  };
  return (
    <section aria-labelledby="find-slot">
      <h2 id="find-slot">Book an appointment</h2>
      <form class="inline" onSubmit={find}>
        <label>From <input type="date" value={from} min={today} required onInput={(e) => setFrom(e.currentTarget.value)} /></label>
        <label>To <input type="date" value={to} min={from} required onInput={(e) => setTo(e.currentTarget.value)} /></label>
        <button type="submit">Find free times</button>
      </form>
      {slots && (slots.length === 0 ? <p role="status">No free time in these days. Try other days.</p> : (
        <ul class="slots" aria-label="Free times">
          {slots.map((s) => (
            <li key={s.id}>
              <button type="button" class="secondary" onClick={() => book(s)} aria-label={`Book ${dateTime(s.start)}${s.schedule ? " with " + who(s.schedule) : ""}`}>
                {dateTime(s.start)}
              </button>
            </li>
          ))}
        </ul>
      ))}
    </section>
  );
}
