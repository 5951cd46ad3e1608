import { saveFile } from "../ui/download";

/**
 * An appointment as an iCalendar file (RFC 5545) that calendar apps import: one VEVENT with a stable UID, times in
 * UTC, text values escaped (section 3.3.11), lines ended by CRLF and folded at 75 octets (section 3.1). Made in the
 * browser: the file never leaves the patient's device through the server.
 */
export interface CalendarEvent {
  /** Unique and stable per appointment, so that importing it again updates the event instead of adding one. */
  uid: string;
  start: string;
  end?: string;
  summary: string;
  location?: string;
  description?: string;
  cancelled?: boolean;
}

export function icsOf(event: CalendarEvent, now = new Date()): string {
  const start = new Date(event.start);
  const end = event.end ? new Date(event.end) : new Date(start.getTime() + 30 * 60_000);
  const lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//FHIR Portal Server//Patient portal//EN",
    "CALSCALE:GREGORIAN",
    "METHOD:PUBLISH",
    "BEGIN:VEVENT",
    `UID:${escapeText(event.uid)}`,
    `DTSTAMP:${utc(now)}`,
    `DTSTART:${utc(start)}`,
    `DTEND:${utc(end)}`,
    `SUMMARY:${escapeText(event.summary)}`,
    ...(event.location ? [`LOCATION:${escapeText(event.location)}`] : []),
    ...(event.description ? [`DESCRIPTION:${escapeText(event.description)}`] : []),
    `STATUS:${event.cancelled ? "CANCELLED" : "CONFIRMED"}`,
    "END:VEVENT",
    "END:VCALENDAR",
  ];
  return lines.map(fold).join("\r\n") + "\r\n";
}

/** A date-time in UTC form, 19971210T090000Z (RFC 5545 3.3.5, form 2). */
export function utc(value: Date): string {
  return value.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
}

/** TEXT escaping: backslash, semicolon, comma and line breaks (RFC 5545 3.3.11). */
export function escapeText(text: string): string {
  return text.replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,").replace(/\r\n|\r|\n/g, "\\n");
}

/** Folds a content line into lines of at most 75 octets of UTF-8, never splitting a character (RFC 5545 3.1). */
export function fold(line: string): string {
  const encoder = new TextEncoder();
  const parts: string[] = [];
  let current = "";
  let octets = 0;
  for (const char of line) {
    const size = encoder.encode(char).length;
    const limit = parts.length === 0 ? 75 : 74; // a continuation line starts with one space
    if (octets + size > limit) {
      parts.push(current);
      current = "";
      octets = 0;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join("\r\n ");
}

/** Offers the event as a file download (text/calendar). */
export function downloadIcs(event: CalendarEvent, fileName: string): void {
  saveFile(new Blob([icsOf(event)], { type: "text/calendar;charset=utf-8" }), fileName);
}
