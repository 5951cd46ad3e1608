import { useState } from "preact/hooks";
import type { FhirApi } from "../fhir/api";
import type { Appointment, Bundle, Schedule, Slot } from "../fhir/types";
import { directoryOf, type Directory, visitOfSlot } from "./visit";

/** Free times shown at first per day; "More times" adds this many again. */
const PER_DAY = 4;
/** Days shown at first; "More days" adds this many again. */
const DAYS_PER_PAGE = 5;
const DAY_MS = 86_400_000;

const dayHeading = new Intl.DateTimeFormat(undefined, { weekday: "long", month: "long", day: "numeric" });
const timeOfDay = new Intl.DateTimeFormat(undefined, { hour: "numeric", minute: "2-digit" });

interface Day {
  /** Local midnight of the day. */
  start: Date;
  slots: Slot[];
  /** Whether the server has more free times that day than were asked for. */
  more: boolean;
}

interface Found {
  days: Day[];
  schedules: Map<string, Schedule>;
  directory: Directory;
}

/**
 * Finds free times over the whole window the patient picks: the earliest ones of each day (Slot/$find, the IG's
 * operation, one request per day), grouped by day with "more" paging, each naming its clinician, place and visit
 * type (the Slot's Schedule with its actors, read with _include=Schedule:actor). Booking is Appointment/$book.
 */
export function FreeTimes(props: { api: FhirApi; onBooked: (a: Appointment) => void; onFailed: (e: unknown) => void }) {
  const { api } = props;
  const today = localDay(new Date());
  const [from, setFrom] = useState(today);
  const [to, setTo] = useState(localDay(new Date(Date.now() + 14 * DAY_MS)));
  const [found, setFound] = useState<Found>();
  const [daysShown, setDaysShown] = useState(DAYS_PER_PAGE);
  const [searching, setSearching] = useState(false);

  const find = async (e: Event) => {
    e.preventDefault();
    setSearching(true);
    try {
      const days = await Promise.all(daysBetween(from, to).map((start) => freeTimes(api, start, PER_DAY)));
      setFound(await withDetails(api, days.filter((d) => d.slots.length > 0), new Map(), new Map()));
      setDaysShown(DAYS_PER_PAGE);
    } catch (error) {
      setFound(undefined);
      props.onFailed(error);
    } finally {
      setSearching(false);
    }
  };
  const moreOn = async (day: Day) => {
    try {
      const longer = await freeTimes(api, day.start, day.slots.length + 2 * PER_DAY);
      const days = found!.days.map((d) => d === day ? longer : d);
      setFound(await withDetails(api, days, found!.schedules, found!.directory));
    } catch (error) {
      props.onFailed(error);
    }
  };
  const book = async (slot: Slot) => {
    try {
      const appointment = await api.operation<Appointment>("Appointment/$book", [
        { name: "slot", valueReference: { reference: `Slot/${slot.id}` } },
        { name: "patient", valueReference: { reference: api.patientReference } },
      ]);
      setFound(undefined);
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
        <button type="submit" disabled={searching}>Find free times</button>
      </form>
      {searching && <p role="status" class="muted">Looking for free times…</p>}
      {found && (found.days.length === 0 ? <p role="status">No free time in these days. Try other days.</p> : (
        <>
          <p role="status" class="muted">Free times on {found.days.length === 1 ? "1 day" : `${found.days.length} days`}, earliest first.</p>
          <ul class="free-days" aria-label="Free times">
            {found.days.slice(0, daysShown).map((day) => {
              const heading = dayHeading.format(day.start);
              return (
                <li key={day.start.toISOString()} class="free-day">
                  <h3>{heading}</h3>
                  <ul class="slots">
                    {day.slots.map((slot) => {
                      const visit = visitOfSlot(slot, found.schedules, found.directory);
                      const time = timeOfDay.format(new Date(slot.start!));
                      // the button's text is its name: the day and separators are there for screen readers only
                      return (
                        <li key={slot.id}>
                          <button type="button" class="secondary slot" onClick={() => book(slot)}>
                            <span class="visually-hidden">Book {heading}, </span>
                            <strong>{time}</strong>
                            {visit.clinician && <span><span class="visually-hidden">, with </span>{visit.clinician}</span>}
                            {visit.place && <span class="muted"><span class="visually-hidden">, at </span>{visit.place}</span>}
                            {visit.kind && <span class="muted"><span class="visually-hidden">, </span>{visit.kind}</span>}
                          </button>
                        </li>
                      );
                    })}
                  </ul>
                  {day.more && (
                    <button type="button" class="link" onClick={() => moreOn(day)}>More times on {heading}</button>
                  )}
                </li>
              );
            })}
          </ul>
          {found.days.length > daysShown && (
            <button type="button" class="secondary" onClick={() => setDaysShown(daysShown + DAYS_PER_PAGE)}>More days</button>
          )}
        </>
      ))}
    </section>
  );
}

/** The earliest free times of one local day, and whether there are more. */
async function freeTimes(api: FhirApi, start: Date, count: number): Promise<Day> {
  const end = new Date(start.getTime() + DAY_MS - 1000);
  const found = await api.read<Bundle<Slot>>(
    `Slot/$find?start=${encodeURIComponent(start.toISOString())}&end=${encodeURIComponent(end.toISOString())}&_count=${count + 1}`);
  const slots = (found.entry ?? []).map((entry) => entry.resource).filter((s): s is Slot => !!s?.start && s.start >= new Date().toISOString());
  return { start, slots: slots.slice(0, count), more: slots.length > count };
}

/**
 * Reads the Schedules (with their Practitioner and Location actors) of slots not yet described: one Slot search with
 * _include=Slot:schedule and _include:iterate=Schedule:actor, a slot per unknown schedule. (A search of Schedules
 * themselves would be narrowed to the patient's own, Schedule.actor being in the Patient compartment.)
 */
async function withDetails(api: FhirApi, days: Day[], schedules: Map<string, Schedule>, directory: Directory): Promise<Found> {
  const slotOfSchedule = new Map<string, string>();
  for (const slot of days.flatMap((d) => d.slots)) {
    const schedule = slot.schedule?.reference;
    if (schedule && slot.id && !schedules.has(schedule)) {
      slotOfSchedule.set(schedule, slot.id);
    }
  }
  if (slotOfSchedule.size === 0) {
    return { days, schedules, directory };
  }
  const { included } = await api.searchIncluding<Slot>(`Slot?_id=${[...slotOfSchedule.values()].join(",")}`
    + `&_include=Slot:schedule&_include:iterate=Schedule:actor&_count=${slotOfSchedule.size}`, 1);
  const moreSchedules = new Map(schedules);
  included.filter((r): r is Schedule => r.resourceType === "Schedule").forEach((s) => moreSchedules.set(`Schedule/${s.id}`, s));
  return { days, schedules: moreSchedules, directory: new Map([...directory, ...directoryOf(included)]) };
}

/** Local midnights from one yyyy-mm-dd to another, both included (the server limits the window's length). */
function daysBetween(from: string, to: string): Date[] {
  const days: Date[] = [];
  const [y, m, d] = from.split("-").map(Number);
  for (let day = new Date(y, m - 1, d); localDay(day) <= to && days.length < 62; day = new Date(day.getFullYear(), day.getMonth(), day.getDate() + 1)) {
    days.push(day);
  }
  return days;
}

function localDay(value: Date): string {
  return `${value.getFullYear()}-${String(value.getMonth() + 1).padStart(2, "0")}-${String(value.getDate()).padStart(2, "0")}`;
}
