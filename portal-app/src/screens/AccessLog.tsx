import type { FhirApi } from "../fhir/api";
import { FhirError } from "../fhir/api";
import type { AuditEvent } from "../fhir/types";
import { Show, useLoad } from "../ui/async";
import { accessVisits, type AccessVisit } from "./accessVisits";

const dayFormat = new Intl.DateTimeFormat(undefined, { weekday: "long", month: "long", day: "numeric", year: "numeric" });
const shortDay = new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric" });
const timeFormat = new Intl.DateTimeFormat(undefined, { hour: "numeric", minute: "2-digit" });

/**
 * Who saw the record (Patient/[id]/$access-log, the IG's AccessLog operation), in plain words: reads grouped into
 * visits (one person through one app, with no long pause) and by day, e.g. "Dr. Kowalski viewed your test results 3
 * times". Only names and kinds of data are shown, never references or ids.
 */
export function AccessLog(props: { api: FhirApi }) {
  const { api } = props;
  const [log] = useLoad(async () => {
    try {
      return accessVisits(await api.search<AuditEvent>(`Patient/${api.patientId}/$access-log?_count=100`, 3));
    } catch (e) {
      if (e instanceof FhirError && e.notOffered) {
        return undefined;
      }
      throw e;
    }
  }, [api.patientId]);
  return (
    <>
      <h1 tabIndex={-1}>Who saw my record</h1>
      <Show loaded={log} what="access log">
        {(visits) => visits === undefined ? <p>The access log is not available on this server yet.</p>
          : visits.length === 0 ? <p>No one has read your record in the last 90 days.</p> : (
            <div data-testid="access-log">
              {byDay(visits).map(([day, ofDay]) => (
                <section key={day} aria-labelledby={`day-${day}`}>
                  <h2 id={`day-${day}`}>{dayFormat.format(ofDay[0].from)}</h2>
                  <ul class="items">
                    {ofDay.map((v) => (
                      <li key={`${v.who}-${v.from.toISOString()}`} class="item" data-testid="access-visit">
                        <p><strong>{sentence(v)}</strong></p>
                        <p class="muted">Using {v.app} · {timeSpan(v)}</p>
                      </li>
                    ))}
                  </ul>
                </section>
              ))}
            </div>
          )}
      </Show>
    </>
  );
}

/** "Dr. Kowalski viewed your test results 3 times on Dec 6.", or per kind of data when several were seen. */
export function sentence(v: AccessVisit): string {
  const on = `on ${shortDay.format(v.from)}`;
  if (v.kinds.length <= 1) {
    return `${v.who} viewed your ${v.kinds[0] ?? "record"} ${times(v.reads)} ${on}.`;
  }
  return `${v.who} viewed your ${andList(v.kinds.map((k) => `${k.name} (${times(k.reads)})`))} ${on}.`;
}

function times(n: number): string {
  return n === 1 ? "once" : n === 2 ? "twice" : `${n} times`;
}

function andList(items: string[]): string {
  return items.length <= 1 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

function timeSpan(v: AccessVisit): string {
  const from = timeFormat.format(v.from);
  const to = timeFormat.format(v.to);
  return from === to ? `at ${from}` : `from ${from} to ${to}`;
}

function byDay(visits: AccessVisit[]): [string, AccessVisit[]][] {
  const days = new Map<string, AccessVisit[]>();
  for (const v of visits) {
    const key = `${v.from.getFullYear()}-${v.from.getMonth() + 1}-${v.from.getDate()}`;
    days.set(key, [...(days.get(key) ?? []), v]);
  }
  return [...days];
}
