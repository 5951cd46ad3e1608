import type { Appointment, Location, Practitioner, Reference, Resource, Schedule, Slot } from "../fhir/types";
import { concept, name } from "../ui/format";

/** Who, where and what of a visit, in the words a patient reads. */
export interface Visit {
  clinician?: string;
  place?: string;
  /** The place's address on one line, if the server has it. */
  address?: string;
  kind?: string;
}

/** Practitioners and Locations by reference, as a search with _include returned them. */
export type Directory = Map<string, Resource>;

export function directoryOf(resources: Resource[]): Directory {
  return new Map(resources.map((r) => [`${r.resourceType}/${r.id}`, r]));
}

/** What a free time offers: the clinician and place of its Schedule's actors, the visit type of the Slot. */
export function visitOfSlot(slot: Slot, schedules: Map<string, Schedule>, directory: Directory): Visit {
  const schedule = slot.schedule?.reference ? schedules.get(slot.schedule.reference) : undefined;
  return {
    ...actors(schedule?.actor ?? [], directory),
    kind: [concept(slot.appointmentType), concept(slot.serviceType?.[0]) || concept(schedule?.specialty?.[0])]
      .filter(Boolean).join(", ") || undefined,
  };
}

/** What a booked appointment is: its participating clinician and place, its type or description. */
export function visitOfAppointment(appointment: Appointment, directory: Directory): Visit {
  const found = actors((appointment.participant ?? []).map((p) => p.actor).filter((a): a is Reference => !!a), directory);
  const kind = concept(appointment.appointmentType) || concept(appointment.serviceType?.[0]) || appointment.description;
  return { ...found, kind: kind || undefined };
}

function actors(references: Reference[], directory: Directory): Visit {
  const visit: Visit = {};
  for (const ref of references) {
    const type = ref.reference?.split("/")[0];
    const resource = ref.reference ? directory.get(ref.reference) : undefined;
    if (type === "Practitioner" && !visit.clinician) {
      visit.clinician = name((resource as Practitioner | undefined)?.name) || ref.display;
    } else if (type === "Location" && !visit.place) {
      const location = resource as Location | undefined;
      visit.place = location?.name ?? ref.display;
      visit.address = location?.address?.text ?? ([...(location?.address?.line ?? []), location?.address?.city].filter(Boolean).join(", ") || undefined);
    }
  }
  return visit;
}

/** Patient words for Appointment.status. */
export function statusInWords(status?: string): string {
  switch (status) {
    case "booked": return "Booked";
    case "fulfilled": return "Completed";
    case "cancelled": return "Cancelled";
    case "noshow": return "Missed";
    case "arrived":
    case "checked-in": return "Checked in";
    case "proposed":
    case "pending": return "Requested";
    case "waitlist": return "On the waiting list";
    case "entered-in-error": return "Entered in error";
    default: return "Status unknown";
  }
}
