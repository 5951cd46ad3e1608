import type { CodeableConcept, HumanName, Quantity, Reference } from "../fhir/types";

const dateFormat = new Intl.DateTimeFormat(undefined, { year: "numeric", month: "short", day: "numeric" });
const dateTimeFormat = new Intl.DateTimeFormat(undefined, {
  year: "numeric", month: "short", day: "numeric", hour: "numeric", minute: "2-digit",
});

export function date(value?: string): string {
  return value ? dateFormat.format(new Date(value)) : "";
}

export function dateTime(value?: string): string {
  return value ? dateTimeFormat.format(new Date(value)) : "";
}

export function concept(value?: CodeableConcept): string {
  return value?.text ?? value?.coding?.find((c) => c.display)?.display ?? value?.coding?.[0]?.code ?? "";
}

export function name(names?: HumanName[]): string {
  const n = names?.[0];
  if (!n) {
    return "";
  }
  return n.text ?? [...(n.prefix ?? []), ...(n.given ?? []), n.family].filter(Boolean).join(" ");
}

export function quantity(q?: Quantity): string {
  if (q?.value === undefined) {
    return "";
  }
  return `${q.value} ${q.unit ?? q.code ?? ""}`.trim();
}

export function who(ref?: Reference): string {
  return ref?.display ?? ref?.reference ?? "";
}

/** Base64 attachment data as text (UTF-8). */
export function decodeText(base64: string): string {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  return new TextDecoder("utf-8").decode(bytes);
}
