import type { FhirApi } from "../fhir/api";
import type { Observation } from "../fhir/types";
import { Show, useLoad } from "../ui/async";
import { concept, date, quantity } from "../ui/format";
import { TrendChart } from "../ui/TrendChart";
import { loadTestNames, testName, type TestNames } from "../fhir/testNames";

interface Test { code: string; name: string; full: string; results: Observation[] }

/** Lab results grouped by test (LOINC code), newest first, each with its values, reference range and trend. */
export function Results(props: { api: FhirApi }) {
  const { api } = props;
  const [tests] = useLoad(async () => {
    const [observations, names] = await Promise.all([
      api.search<Observation>(`Observation?patient=${api.patientId}&category=laboratory&_sort=-date&_count=200`),
      loadTestNames(api),
    ]);
    return groupByTest(observations, names);
  }, [api.patientId]);
  return (
    <>
      <h1 tabIndex={-1}>Results</h1>
      <Show loaded={tests} what="results">
        {(list) => list.length === 0 ? <p>You have no lab results yet.</p> : (
          <>
            <p class="muted">Values outside the normal range are marked. Ask your care team what a result means for you.</p>
            {list.map((test) => <TestResults key={test.code} test={test} />)}
          </>
        )}
      </Show>
    </>
  );
}

function TestResults(props: { test: Test }) {
  const { test } = props;
  const headingId = `test-${test.code}`;
  const latest = test.results[0];
  const range = latest.referenceRange?.[0];
  const unit = latest.valueQuantity?.unit ?? "";
  const points = test.results.filter((o) => o.valueQuantity?.value !== undefined && o.effectiveDateTime)
    .map((o) => ({ when: o.effectiveDateTime!, value: o.valueQuantity!.value! })).reverse();
  return (
    <section class="test" aria-labelledby={headingId} data-testid="lab-test">
      <h2 id={headingId}>{test.name}</h2>
      {test.full !== test.name && (
        <details class="full-name" data-testid="full-name">
          <summary>Full name of this test</summary>
          <p>{test.full} (LOINC {test.code})</p>
        </details>
      )}
      <p>
        Latest: <strong>{quantity(latest.valueQuantity) || latest.valueString}</strong> on {date(latest.effectiveDateTime)}
        {range && <span> · normal range {rangeText(range)}</span>}
        {flag(latest) && <span class="flag"> · {flag(latest)}</span>}
      </p>
      {points.length >= 2 && <TrendChart title={test.name} unit={unit} points={points} low={range?.low?.value} high={range?.high?.value} />}
      <details>
        <summary>All {test.results.length} values of {test.name}</summary>
        <table>
          <caption class="visually-hidden">{test.name} results</caption>
          <thead><tr><th scope="col">Date</th><th scope="col">Value</th><th scope="col">Normal range</th><th scope="col">Flag</th></tr></thead>
          <tbody>
            {test.results.map((o) => (
              <tr key={o.id}>
                <td>{date(o.effectiveDateTime)}</td>
                <td>{quantity(o.valueQuantity) || o.valueString}</td>
                <td>{o.referenceRange?.[0] ? rangeText(o.referenceRange[0]) : ""}</td>
                <td>{flag(o)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </section>
  );
}

function groupByTest(observations: Observation[], names: TestNames): Test[] {
  const tests = new Map<string, Test>();
  for (const o of observations) {
    const coding = o.code.coding?.[0];
    const code = coding?.code ?? concept(o.code);
    const test = tests.get(code) ?? { code, ...testName(o.code, names), results: [] };
    test.results.push(o);
    tests.set(code, test);
  }
  return [...tests.values()].sort((a, b) => a.name.localeCompare(b.name));
}

function rangeText(range: NonNullable<Observation["referenceRange"]>[number]): string {
  if (range.text) {
    return range.text;
  }
  const unit = range.low?.unit ?? range.high?.unit ?? "";
  if (range.low?.value !== undefined && range.high?.value !== undefined) {
    return `${range.low.value}–${range.high.value} ${unit}`.trim();
  }
  return range.low?.value !== undefined ? `at least ${quantity(range.low)}` : range.high?.value !== undefined ? `at most ${quantity(range.high)}` : "";
}

/** Abnormal results: the lab's interpretation (high, low), else computed from the reference range; "" if normal. */
function flag(o: Observation): string {
  const interpretation = o.interpretation?.[0];
  if (interpretation) {
    return interpretation.coding?.some((c) => c.code === "N") ? "" : concept(interpretation);
  }
  const value = o.valueQuantity?.value;
  const range = o.referenceRange?.[0];
  if (value === undefined || !range) {
    return "";
  }
  if (range.low?.value !== undefined && value < range.low.value) {
    return "Low";
  }
  if (range.high?.value !== undefined && value > range.high.value) {
    return "High";
  }
  return "";
}
