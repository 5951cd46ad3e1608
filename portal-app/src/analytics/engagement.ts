import type { FhirApi } from "../fhir/api";
import type { Resource } from "../fhir/types";

/**
 * The $engagement report (OperationDefinition http://fhirportal.org/fhir/OperationDefinition/engagement) as the
 * dashboard reads it: per cohort, figures by measure code. A figure the server suppressed (fewer than 11 patients)
 * has no value. Hand-written: a few lines of Parameters walking.
 */
export type Unit = "count" | "ratio" | "hours";
export interface Figure { value?: number; unit: Unit }
export interface Cohort { name: string; figures: Record<string, Figure> }
export interface Report { cohortBy: string; cohorts: Cohort[] }

/** One month of the chosen period, with the report of that month alone. */
export interface MonthReport { month: string; report: Report }

/** What the dashboard shows: the report of the whole period (all cohorts), and one per month. */
export interface Engagement { start: string; end: string; cohortBy: string; period: Report; months: MonthReport[] }

export const COHORT_DIMENSIONS: { code: string; label: string }[] = [
  { code: "all", label: "Everyone" },
  { code: "age-band", label: "Age band" },
  { code: "gender", label: "Gender" },
  { code: "organization", label: "Practice" },
  { code: "practitioner", label: "General practitioner" },
];

interface Part {
  name: string;
  valueInteger?: number;
  valueDecimal?: number;
  valueQuantity?: { value?: number };
  valueString?: string;
  valueCode?: string;
  part?: Part[];
}
interface Parameters extends Resource { parameter?: Part[] }

/** The report of one $engagement call. */
export async function engagement(api: FhirApi, start: string, end: string, cohortBy: string): Promise<Report> {
  const query = new URLSearchParams({ start, end, "cohort-by": cohortBy });
  return parse(await api.read<Parameters>(`$engagement?${query}`));
}

/** The period's report and each month's, fetched side by side. */
export async function loadEngagement(api: FhirApi, months: string[], cohortBy: string): Promise<Engagement> {
  const start = `${months[0]}-01`;
  const end = lastDay(months[months.length - 1]);
  const [period, ...monthly] = await Promise.all([
    engagement(api, start, end, cohortBy),
    ...months.map((m) => engagement(api, `${m}-01`, lastDay(m), cohortBy)),
  ]);
  return { start, end, cohortBy, period, months: months.map((month, i) => ({ month, report: monthly[i] })) };
}

export function parse(parameters: Parameters): Report {
  const top = parameters.parameter ?? [];
  const cohortBy = top.find((p) => p.name === "cohort-by")?.valueCode ?? "all";
  const cohorts = top.filter((p) => p.name === "cohort").map((c) => {
    const figures: Record<string, Figure> = {};
    for (const part of c.part ?? []) {
      if (part.name !== "name" && part.name !== "month") {
        figures[part.name] = figure(part);
      }
    }
    return { name: c.part?.find((p) => p.name === "name")?.valueString ?? "?", figures };
  });
  return { cohortBy, cohorts };
}

function figure(part: Part): Figure {
  if ("valueQuantity" in part) {
    return { value: part.valueQuantity?.value, unit: "hours" };
  }
  if ("valueDecimal" in part || "_valueDecimal" in part) {
    return { value: part.valueDecimal, unit: "ratio" };
  }
  return { value: part.valueInteger, unit: "count" };
}

/** The last `count` full calendar months before the current one, oldest first (YYYY-MM). */
export function lastFullMonths(count: number, today = new Date()): string[] {
  const months: string[] = [];
  for (let back = count; back >= 1; back--) {
    const d = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - back, 1));
    months.push(`${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, "0")}`);
  }
  return months;
}

/** The last day of a month (YYYY-MM), as a date (YYYY-MM-DD). */
export function lastDay(month: string): string {
  const [y, m] = month.split("-").map(Number);
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

/**
 * The figures shown, as the server's own CSV writes them (cohort_by,cohort,month,measure,value,unit; RFC 4180):
 * the chosen cohort month by month, then every cohort over the whole period.
 */
export function toCsv(data: Engagement, cohort: string): string {
  const rows = ["cohort_by,cohort,month,measure,value,unit"];
  const add = (name: string, month: string, figures: Record<string, Figure>) => {
    for (const [measure, f] of Object.entries(figures)) {
      rows.push([data.cohortBy, name, month, measure, f.value === undefined ? "suppressed" : String(f.value), f.unit].map(field).join(","));
    }
  };
  for (const m of data.months) {
    const c = m.report.cohorts.find((x) => x.name === cohort);
    if (c) {
      add(c.name, m.month, c.figures);
    }
  }
  for (const c of data.period.cohorts) {
    add(c.name, "", c.figures);
  }
  return rows.join("\r\n") + "\r\n";
}

function field(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
