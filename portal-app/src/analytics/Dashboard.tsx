import { useState } from "preact/hooks";
import type { FhirApi } from "../fhir/api";
import { Show, useLoad } from "../ui/async";
import { LineChart, type Series } from "../ui/LineChart";
import { EffectPanel } from "./EffectPanel";
import { COHORT_DIMENSIONS, type Engagement, type Report, lastFullMonths, loadEngagement, toCsv } from "./engagement";

const PERIODS = [3, 6, 12];

/** Monthly figures of one cohort, for a chart: null where the server suppressed the figure or has none. */
function monthly(data: Engagement, cohort: string, measure: string, scale = 1): (number | null)[] {
  return data.months.map((m) => {
    const value = m.report.cohorts.find((c) => c.name === cohort)?.figures[measure]?.value;
    return value === undefined ? null : Math.round(value * scale * 100) / 100;
  });
}

/** The cohort with the most active patients over the period (the one with the most figures shown). */
function largest(report: Report): string | undefined {
  const active = (name: string) => report.cohorts.find((c) => c.name === name)?.figures["active-patients"]?.value ?? -1;
  return report.cohorts.map((c) => c.name).sort((a, b) => active(b) - active(a))[0];
}

/**
 * The analysts' dashboard: how patients use the portal over the last full months, for everyone or one cohort of a
 * grouping (the operation's cohort-by; at first the one with the most active patients), as charts with their figures, a comparison of the cohorts over the period,
 * and the shown figures as CSV; then the effect of portal use ({@link EffectPanel}). Figures of fewer than 11 patients
 * are suppressed by the server and shown as gaps.
 */
export function Dashboard(props: { api: FhirApi }) {
  const [months, setMonths] = useState(6);
  const [cohortBy, setCohortBy] = useState("all");
  const [chosen, setChosen] = useState<string>();
  const [loaded] = useLoad(() => loadEngagement(props.api, lastFullMonths(months), cohortBy), [months, cohortBy]);
  return (
    <>
      <h1 tabIndex={-1}>Portal engagement</h1>
      <form class="filters" onSubmit={(e) => e.preventDefault()}>
        <div>
          <label for="period">Period</label>
          <select id="period" value={String(months)} onChange={(e) => setMonths(Number(e.currentTarget.value))}>
            {PERIODS.map((n) => <option key={n} value={String(n)}>Last {n} full months</option>)}
          </select>
        </div>
        <div>
          <label for="cohort-by">Group patients by</label>
          <select id="cohort-by" value={cohortBy} onChange={(e) => { setCohortBy(e.currentTarget.value); setChosen(undefined); }}>
            {COHORT_DIMENSIONS.map((d) => <option key={d.code} value={d.code}>{d.label}</option>)}
          </select>
        </div>
      </form>
      <Show loaded={loaded} what="engagement report">
        {(data) => {
          const names = data.period.cohorts.map((c) => c.name);
          const cohort = chosen && names.includes(chosen) ? chosen : largest(data.period) ?? "all";
          return <Figures data={data} cohort={cohort} names={names} onChoose={setChosen} />;
        }}
      </Show>
      <EffectPanel api={props.api} />
    </>
  );
}

function Figures(props: { data: Engagement; cohort: string; names: string[]; onChoose: (name: string) => void }) {
  const { data, cohort } = props;
  const months = data.months.map((m) => m.month);
  const one = (name: string, measure: string, scale = 1): Series[] => [{ name, values: monthly(data, cohort, measure, scale) }];
  const download = () => {
    const url = URL.createObjectURL(new Blob([toCsv(data, cohort)], { type: "text/csv;charset=utf-8" }));
    const link = document.createElement("a");
    link.href = url;
    link.download = `engagement-${data.cohortBy}-${data.start}-to-${data.end}.csv`;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };
  return (
    <>
      <div class="filters">
        {data.cohortBy !== "all" && (
          <div>
            <label for="cohort">Cohort shown in the charts</label>
            <select id="cohort" value={cohort} onChange={(e) => props.onChoose(e.currentTarget.value)}>
              {props.names.map((n) => <option key={n} value={n}>{n}</option>)}
            </select>
          </div>
        )}
        <div><button type="button" onClick={download}>Download CSV</button></div>
      </div>
      <p class="muted" data-testid="engagement-scope">
        {data.start} to {data.end} · {data.cohortBy === "all" ? "all patients" : `cohort ${cohort} (by ${data.cohortBy})`} ·
        figures of fewer than 11 patients are not shown
      </p>
      <div class="charts">
        <LineChart title="Adoption" unit="% of patients signing in" months={months} series={one(cohort, "adoption", 100)} />
        <LineChart title="Monthly active patients" unit="patients" months={months} series={one(cohort, "active-patients")} />
        <LineChart title="Sign-ins per active patient" unit="per month" months={months} band={[3, 5]}
          bandLabel="industry benchmark" series={one(cohort, "sign-ins-per-active-patient-month")} />
        <LineChart title="Views by kind of data" unit="views" months={months} series={[
          { name: "Results", values: monthly(data, cohort, "views-results") },
          { name: "Medications", values: monthly(data, cohort, "views-medications") },
          { name: "Appointments", values: monthly(data, cohort, "views-appointments") },
          { name: "Messages", values: monthly(data, cohort, "views-messages") },
          { name: "Documents", values: monthly(data, cohort, "views-documents") },
        ]} />
        <LineChart title="Time to first view of new lab results" unit="hours" months={months} series={[
          { name: "Median", values: monthly(data, cohort, "lab-time-to-view-median") },
          { name: "90th percentile", values: monthly(data, cohort, "lab-time-to-view-p90") },
        ]} />
        <LineChart title="Messaging and self-scheduling" unit="per month" months={months} series={[
          { name: "Messages sent", values: monthly(data, cohort, "messages-sent") },
          { name: "Messages answered", values: monthly(data, cohort, "messages-replied") },
          { name: "Self-scheduled appointments", values: monthly(data, cohort, "appointments-self-scheduled") },
          { name: "Refill requests", values: monthly(data, cohort, "refill-requests") },
        ]} />
      </div>
      <CohortTable report={data.period} />
    </>
  );
}

const COLUMNS: { measure: string; label: string; scale?: number }[] = [
  { measure: "patients", label: "Patients" },
  { measure: "active-patients", label: "Active" },
  { measure: "adoption", label: "Adoption %", scale: 100 },
  { measure: "sign-ins-per-active-patient-month", label: "Sign-ins per active patient per month" },
  { measure: "views-results", label: "Result views" },
  { measure: "lab-time-to-view-median", label: "Median hours to view a lab result" },
  { measure: "messages-sent", label: "Messages sent" },
  { measure: "appointments-self-scheduled", label: "Self-scheduled appointments" },
];

/** Every cohort of the grouping over the whole period, side by side. */
function CohortTable(props: { report: Report }) {
  return (
    <section aria-labelledby="cohorts">
      <h2 id="cohorts">Cohorts over the period</h2>
      <div class="table-scroll" tabIndex={0} role="region" aria-labelledby="cohorts">
        <table class="figures" data-testid="cohort-table">
          <thead>
            <tr><th scope="col">Cohort</th>{COLUMNS.map((c) => <th key={c.measure} scope="col">{c.label}</th>)}</tr>
          </thead>
          <tbody>
            {props.report.cohorts.map((cohort) => (
              <tr key={cohort.name}>
                <th scope="row">{cohort.name}</th>
                {COLUMNS.map((c) => {
                  const value = cohort.figures[c.measure]?.value;
                  return <td key={c.measure}>{value === undefined ? "—" : String(Math.round(value * (c.scale ?? 1) * 100) / 100)}</td>;
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p class="muted">— : not shown, fewer than 11 patients.</p>
    </section>
  );
}
