import { FhirError, type FhirApi } from "../fhir/api";
import type { Resource } from "../fhir/types";
import { lastDay, lastFullMonths } from "./engagement";

/**
 * The $engagement-effect answer (portal-extensions, package effect) as the dashboard reads it. A figure the server
 * masked (fewer than 11 patients behind it: a value carrying only the data-absent-reason extension) has no value
 * here. Hand-written: a few lines of Parameters walking, like engagement.ts.
 */
export interface Estimate { estimate?: number; lower?: number; upper?: number }

/** One outcome's AIPW answer: the estimate with its 95% interval, the naive difference, the arms' sizes. */
export interface AipwAnswer extends Estimate {
  outcome: string; meaning: string; estimand: string; naive?: number; exposed?: number; unexposed?: number;
  eValue?: number; maxSmdAfter?: number; assumptions: string[];
}

/** One point of the event-study curve: months since adoption (negative: before, the placebo check). */
export interface EventPoint extends Estimate { month: number; adopters?: number }

/** One outcome's DiD answer: the event-study curve and its post-adoption average. */
export interface DidAnswer {
  outcome: string; meaning: string; adopters?: number; neverAdopters?: number; naive?: number; overall: Estimate;
  points: EventPoint[]; assumptions: string[];
}

/** The server's answer for one outcome: figures, or why there are none (refused, or not enough data). */
export type Answer<T> = { kind: "shown"; value: T } | { kind: "refused"; message: string } | { kind: "failed"; message: string };

/** The outcomes the panel asks for; a server that does not know one refuses it (400), and the panel says so. */
export const OUTCOMES: { code: string; label: string }[] = [
  { code: "no-show", label: "Missed appointments" },
  { code: "refill-adherence", label: "Refill adherence" },
  { code: "lab-follow-up", label: "Follow-up of out-of-range lab results" },
  { code: "hba1c-change", label: "Change in HbA1c" },
];

export function outcomeLabel(code: string): string {
  return OUTCOMES.find((o) => o.code === code)?.label ?? code;
}

/** What the panel asks: the last `months` full months as the outcome period, `baseline` months before them, the exposure. */
export interface EffectQuery { months: number; baseline: number; signIns: number }

interface Part {
  name: string;
  valueInteger?: number;
  valueDecimal?: number;
  valueString?: string;
  valueCode?: string;
  part?: Part[];
}
interface Parameters extends Resource { parameter?: Part[] }

function search(query: EffectQuery, outcome: string, method: string): string {
  const months = lastFullMonths(query.months);
  return new URLSearchParams({
    outcome, method, start: `${months[0]}-01`, end: lastDay(months[months.length - 1]),
    "baseline-months": String(query.baseline), "exposure-sign-ins": String(query.signIns),
  }).toString();
}

async function ask<T>(api: FhirApi, query: string, read: (p: Parameters) => T): Promise<Answer<T>> {
  try {
    return { kind: "shown", value: read(await api.read<Parameters>(`$engagement-effect?${query}`)) };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    return e instanceof FhirError && e.status === 400 ? { kind: "refused", message } : { kind: "failed", message };
  }
}

/** The AIPW answer of every outcome in {@link OUTCOMES}, asked side by side. */
export function loadEstimates(api: FhirApi, query: EffectQuery): Promise<Answer<AipwAnswer>[]> {
  return Promise.all(OUTCOMES.map((o) => ask(api, search(query, o.code, "aipw"), parseAipw)));
}

/** The event study (method=did) of one outcome. */
export function loadEventStudy(api: FhirApi, query: EffectQuery, outcome: string): Promise<Answer<DidAnswer>> {
  return ask(api, search(query, outcome, "did"), parseDid);
}

export function parseAipw(parameters: Parameters): AipwAnswer {
  const top = parameters.parameter ?? [];
  return {
    ...common(top),
    estimand: text(top, "estimand") ?? "att",
    ...estimate(top),
    naive: num(top, "naive-difference"),
    exposed: num(top, "exposed-patients"),
    unexposed: num(top, "unexposed-patients"),
    eValue: num(top, "e-value"),
    maxSmdAfter: num(top.find((p) => p.name === "diagnostics")?.part ?? [], "max-abs-smd-after"),
  };
}

export function parseDid(parameters: Parameters): DidAnswer {
  const top = parameters.parameter ?? [];
  const points = top.filter((p) => p.name === "event-time").map((p) => ({
    month: num(p.part ?? [], "months-since-adoption") ?? 0,
    ...estimate(p.part ?? []),
    adopters: num(p.part ?? [], "adopters"),
  })).sort((a, b) => a.month - b.month);
  return {
    ...common(top),
    adopters: num(top, "adopters"),
    neverAdopters: num(top, "never-adopters"),
    naive: num(top, "naive-difference"),
    overall: estimate(top.find((p) => p.name === "overall")?.part ?? []),
    points,
  };
}

function common(top: Part[]) {
  return {
    outcome: text(top, "outcome") ?? "?",
    meaning: text(top, "outcome-meaning") ?? "",
    assumptions: (top.find((p) => p.name === "assumptions")?.part ?? []).map((p) => p.valueString ?? "").filter(Boolean),
  };
}

function estimate(parts: Part[]): Estimate {
  return { estimate: num(parts, "estimate"), lower: num(parts, "ci-lower"), upper: num(parts, "ci-upper") };
}

/** A number, or undefined where the server masked it (or sent none). */
function num(parts: Part[], name: string): number | undefined {
  const part = parts.find((p) => p.name === name);
  return part?.valueDecimal ?? part?.valueInteger;
}

function text(parts: Part[], name: string): string | undefined {
  const part = parts.find((p) => p.name === name);
  return part?.valueCode ?? part?.valueString;
}

/** Why an outcome has no figures, in plain words: not offered by the server, refused for another reason, or no estimate. */
export function whyNot(answer: Answer<unknown>): string {
  if (answer.kind === "refused") {
    return /unknown outcome/.test(answer.message)
      ? `Not available: this server does not estimate this outcome (it answered: ${answer.message})`
      : `Not available: the server refused the request (${answer.message})`;
  }
  return answer.kind === "failed" ? `No estimate: ${answer.message}` : "";
}

/** Whether an estimate can be drawn: the estimate and both ends of its interval were shown. */
export function drawable<T extends Estimate>(e: T): e is T & Required<Estimate> {
  return e.estimate !== undefined && e.lower !== undefined && e.upper !== undefined;
}

/** A signed figure with three decimals, with a true minus sign (read as "minus" by screen readers). */
export function signed(v: number | undefined): string {
  if (v === undefined) {
    return "not shown";
  }
  const text = Math.abs(v).toFixed(3);
  return v < 0 && Number(text) !== 0 ? `\u2212${text}` : v > 0 && Number(text) !== 0 ? `+${text}` : text;
}

/** An estimate's 95% interval in words. */
export function interval(e: Estimate): string {
  return e.lower === undefined || e.upper === undefined ? "not shown" : `${signed(e.lower)} to ${signed(e.upper)}`;
}

/** A count of patients; the server masks counts below 11. */
export function count(n: number | undefined): string {
  return n === undefined ? "fewer than 11" : String(n);
}
