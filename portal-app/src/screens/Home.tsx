import type { FhirApi } from "../fhir/api";
import type { Appointment, Encounter, Observation, Task } from "../fhir/types";
import { Show, useLoad } from "../ui/async";
import { loadTestNames, testName } from "../fhir/testNames";
import { concept, dateTime, date, quantity } from "../ui/format";
import { directoryOf, visitOfAppointment } from "../appointments/visit";

/** The server's tag of a message no recipient has read yet (the IG's PortalMessageStatus). */
const UNREAD_TAG = "http://fhirportal.org/fhir/CodeSystem/portal-message-status|unread";
const REFILL = { system: "http://fhirportal.org/fhir/CodeSystem/portal-task-codes", code: "refill-request" };
/** Task states in which a request is still open (not completed, cancelled, refused or failed). */
const OPEN_TASK = "requested,received,accepted,ready,in-progress,on-hold";

/**
 * What is new and what to do, each from a FHIR search the portal's scopes allow, each linking to its screen: the next
 * appointment (who and where), unread messages, refill requests still in progress, results since the last visit,
 * and to-dos the practice gave the patient (Tasks owned by the patient, e.g. a questionnaire to fill in).
 */
export function Home(props: { api: FhirApi }) {
  const { api } = props;
  const patient = api.patientId;
  const [next] = useLoad(async () => {
    const { found, included } = await api.searchIncluding<Appointment>(`Appointment?patient=${patient}&status=booked`
      + `&date=ge${new Date().toISOString().slice(0, 10)}&_sort=date&_count=1&_include=Appointment:actor`, 1);
    return found[0] && { appointment: found[0], visit: visitOfAppointment(found[0], directoryOf(included)) };
  }, [patient]);
  const [results] = useLoad(async () => {
    const [lastVisit] = await api.search<Encounter>(`Encounter?patient=${patient}&status=finished&_sort=-date&_count=1`, 1);
    const since = lastVisit?.period?.start;
    const [latest, names] = await Promise.all([
      api.search<Observation>(`Observation?patient=${patient}&category=laboratory&_sort=-date&_count=5`, 1), loadTestNames(api)]);
    const fresh = since ? await api.count(`Observation?patient=${patient}&category=laboratory&date=ge${since.slice(0, 10)}`) : 0;
    return { latest, fresh, since, names };
  }, [patient]);
  const [messages] = useLoad(async () => ({
    unread: await api.count(`Communication?patient=${patient}&recipient=${api.patientReference}&_tag=${encodeURIComponent(UNREAD_TAG)}`),
    total: await api.count(`Communication?patient=${patient}`),
  }), [patient]);
  const [tasks] = useLoad(async () => {
    const open = await api.search<Task>(`Task?patient=${patient}&status=${OPEN_TASK}&_sort=-_lastUpdated&_count=50`, 1);
    const isRefill = (t: Task) => t.code?.coding?.some((c) => c.system === REFILL.system && c.code === REFILL.code) ?? false;
    return {
      refills: open.filter(isRefill),
      todos: open.filter((t) => !isRefill(t) && (t.owner?.reference === api.patientReference || t.owner?.reference === api.userReference)),
    };
  }, [patient]);

  return (
    <>
      <h1 tabIndex={-1}>Welcome</h1>
      <div class="cards">
        <section class="card" aria-labelledby="home-todo">
          <h2 id="home-todo">To do</h2>
          <Show loaded={tasks} what="to-dos">
            {({ todos }) => todos.length === 0 ? <p>Nothing to do for now.</p> : (
              <ul class="plain" data-testid="todos">
                {todos.map((t) => (
                  <li key={t.id}><strong>{concept(t.code) || "A task from your care team"}</strong>
                    {t.description && <><br />{t.description}</>}
                    {t.restriction?.period?.end && <span class="muted"> (by {date(t.restriction.period.end)})</span>}</li>
                ))}
              </ul>
            )}
          </Show>
        </section>
        <section class="card" aria-labelledby="home-appointment">
          <h2 id="home-appointment">Next appointment</h2>
          <Show loaded={next} what="appointments">
            {(found) => !found
              ? <p>No upcoming appointment. <a href="#/appointments">Book one</a>.</p>
              : <p data-testid="next-appointment"><strong>{dateTime(found.appointment.start)}</strong><br />
                {[found.visit.kind, found.visit.clinician && `with ${found.visit.clinician}`].filter(Boolean).join(" ")}
                {found.visit.place && <><br /><span class="muted">{found.visit.place}</span></>}</p>}
          </Show>
          <p><a href="#/appointments">All appointments</a></p>
        </section>
        <section class="card" aria-labelledby="home-messages">
          <h2 id="home-messages">Messages</h2>
          <Show loaded={messages} what="messages">
            {({ unread, total }) => (
              <>
                <p data-testid="unread-count">{unread === 0 ? "No unread message." : unread === 1 ? <strong>1 unread message</strong>
                  : <strong>{unread} unread messages</strong>}</p>
                <p data-testid="message-count" class="muted">{total === 1 ? "1 message" : `${total} messages`} with your care team.</p>
              </>
            )}
          </Show>
          <p><a href="#/messages">Open messages</a></p>
        </section>
        <section class="card" aria-labelledby="home-refills">
          <h2 id="home-refills">Refill requests</h2>
          <Show loaded={tasks} what="refill requests">
            {({ refills }) => refills.length === 0 ? <p>No refill request in progress.</p> : (
              <>
                <p data-testid="open-refills">{refills.length === 1 ? "1 request in progress" : `${refills.length} requests in progress`}:</p>
                <ul class="plain">
                  {refills.map((t) => <li key={t.id}>{t.focus?.display ?? "A medication"} <span class="muted">· asked {date(t.authoredOn)}</span></li>)}
                </ul>
              </>
            )}
          </Show>
          <p><a href="#/medications">Medications</a></p>
        </section>
        <section class="card" aria-labelledby="home-results">
          <h2 id="home-results">Results</h2>
          <Show loaded={results} what="results">
            {({ latest, fresh, since, names }) => (
              <>
                {since && <p data-testid="new-results">{fresh === 0 ? `No new result since your visit on ${date(since)}.`
                  : <strong>{fresh === 1 ? "1 new result" : `${fresh} new results`} since your visit on {date(since)}</strong>}</p>}
                {latest.length === 0 ? <p>No results yet.</p> : (
                  <ul class="plain">
                    {latest.map((o) => (
                      <li key={o.id}>{testName(o.code, names).name}: <strong>{quantity(o.valueQuantity) || o.valueString}</strong>
                        <span class="muted"> · {date(o.effectiveDateTime)}</span></li>
                    ))}
                  </ul>
                )}
              </>
            )}
          </Show>
          <p><a href="#/results">All results and trends</a></p>
        </section>
      </div>
    </>
  );
}
