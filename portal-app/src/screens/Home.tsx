import type { FhirApi } from "../fhir/api";
import type { Appointment, Communication, Observation } from "../fhir/types";
import { Show, useLoad } from "../ui/async";
import { concept, dateTime, date, quantity, who } from "../ui/format";

/** What is new: the next appointment, the latest results and the latest messages, each linking to its screen. */
export function Home(props: { api: FhirApi }) {
  const { api } = props;
  const patient = api.patientId;
  const [next] = useLoad(() => api.search<Appointment>(
    `Appointment?patient=${patient}&status=booked&date=ge${new Date().toISOString().slice(0, 10)}&_sort=date&_count=1`, 1), [patient]);
  const [results] = useLoad(() => api.search<Observation>(
    `Observation?patient=${patient}&category=laboratory&_sort=-date&_count=5`, 1), [patient]);
  const [messages] = useLoad(async () => ({
    total: await api.count(`Communication?patient=${patient}`),
    latest: await api.search<Communication>(`Communication?patient=${patient}&_sort=-sent&_count=3`, 1),
  }), [patient]);

  return (
    <>
      <h1 tabIndex={-1}>Welcome</h1>
      <div class="cards">
        <section class="card" aria-labelledby="home-appointment">
          <h2 id="home-appointment">Next appointment</h2>
          <Show loaded={next} what="appointments">
            {(list) => list.length === 0
              ? <p>No upcoming appointment. <a href="#/appointments">Book one</a>.</p>
              : <p data-testid="next-appointment"><strong>{dateTime(list[0].start)}</strong><br />{list[0].description}</p>}
          </Show>
          <p><a href="#/appointments">All appointments</a></p>
        </section>
        <section class="card" aria-labelledby="home-results">
          <h2 id="home-results">Recent results</h2>
          <Show loaded={results} what="results">
            {(list) => list.length === 0 ? <p>No results yet.</p> : (
              <ul class="plain">
                {list.map((o) => (
                  <li key={o.id}>{concept(o.code)}: <strong>{quantity(o.valueQuantity) || o.valueString}</strong>
                    <span class="muted"> · {date(o.effectiveDateTime)}</span></li>
                ))}
              </ul>
            )}
          </Show>
          <p><a href="#/results">All results and trends</a></p>
        </section>
        <section class="card" aria-labelledby="home-messages">
          <h2 id="home-messages">Messages</h2>
          <Show loaded={messages} what="messages">
            {({ total, latest }) => (
              <>
                <p data-testid="message-count">{total === 1 ? "1 message" : `${total} messages`} with your care team.</p>
                <ul class="plain">
                  {latest.map((m) => (
                    <li key={m.id}>{concept(m.topic) || "Message"} <span class="muted">{m.sender?.reference === api.userReference ? "from you" : `from ${who(m.sender)}`}, {date(m.sent)}</span></li>
                  ))}
                </ul>
              </>
            )}
          </Show>
          <p><a href="#/messages">Open messages</a></p>
        </section>
      </div>
    </>
  );
}
