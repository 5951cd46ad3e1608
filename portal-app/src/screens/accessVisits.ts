import type { AuditEvent } from "../fhir/types";

/** A pause longer than this between two reads by the same person and app starts a new visit. */
const VISIT_GAP_MS = 30 * 60_000;

/** Reads of the record by one person through one app, with no long pause between them, on one day. */
export interface AccessVisit {
  who: string;
  app: string;
  from: Date;
  to: Date;
  reads: number;
  /** Kinds of data seen, in the server's plain words ("test results and measurements"), most seen first. */
  kinds: { name: string; reads: number }[];
}

/**
 * Groups the access log's AuditEvents (newest first, as the server sends them) into visits, newest first. Who and
 * which app come from the agents' display names, what was seen from the entities' names: never from references.
 */
export function accessVisits(events: AuditEvent[]): AccessVisit[] {
  const visits: (AccessVisit & { counts: Map<string, number> })[] = [];
  const sorted = [...events].filter((e) => e.recorded).sort((a, b) => b.recorded!.localeCompare(a.recorded!));
  for (const event of sorted) {
    const user = event.agent?.find((a) => a.requestor) ?? event.agent?.[0];
    const other = event.agent?.find((a) => a !== user);
    const who = user?.who?.display ?? user?.name ?? "Someone";
    const app = other?.who?.display ?? other?.name ?? "an unknown app";
    const at = new Date(event.recorded!);
    const kinds = (event.entity ?? []).map((x) => x.name).filter((n): n is string => !!n);
    const open = visits.find((v) => v.who === who && v.app === app && sameDay(v.from, at) && v.from.getTime() - at.getTime() <= VISIT_GAP_MS);
    const visit = open ?? { who, app, from: at, to: at, reads: 0, kinds: [], counts: new Map<string, number>() };
    if (!open) {
      visits.push(visit);
    }
    visit.from = at;
    visit.reads += 1;
    kinds.forEach((k) => visit.counts.set(k, (visit.counts.get(k) ?? 0) + 1));
  }
  return visits.map(({ counts, ...v }) => ({ ...v, kinds: [...counts].sort((a, b) => b[1] - a[1]).map(([name, reads]) => ({ name, reads })) }));
}

function sameDay(a: Date, b: Date): boolean {
  return a.toDateString() === b.toDateString();
}
