import { count, type DidAnswer, drawable, type Estimate, type EventPoint, interval, signed } from "./effect";

type Drawn = EventPoint & Required<Estimate>;

const WIDTH = 560;
const HEIGHT = 250;
const PAD = { left: 56, right: 16, top: 14, bottom: 40 };

/**
 * The event-study curve of a staggered-adoption difference-in-differences: per month since adoption, the effect
 * with its 95% confidence band, against a zero line. Months before adoption are shaded and labelled: there the
 * curve is a placebo check (near 0 if adopters and the not-yet-adopted moved in parallel before). Month −1 is the
 * reference (0 by construction) and drawn hollow. Masked points (fewer than 11 adopters or controls) leave a gap.
 * The same figures are in the table below it. Hand-written SVG, like LineChart.
 */
export function EventStudyChart(props: { study: DidAnswer; label: string }) {
  const { study } = props;
  const shown = study.points.filter(drawable);
  const months = study.points.map((p) => p.month).concat(-1);
  const first = Math.min(...months);
  const last = Math.max(...months, 0);
  const span = Math.max(...shown.flatMap((p) => [Math.abs(p.lower), Math.abs(p.upper)]), 0) * 1.1 || 1;
  const x = (m: number) => PAD.left + ((m - first) / Math.max(1, last - first)) * (WIDTH - PAD.left - PAD.right);
  const y = (v: number) => PAD.top + (1 - (v + span) / (2 * span)) * (HEIGHT - PAD.top - PAD.bottom);
  const summary = `Event study of “${props.label}”, effect by months since adoption with 95% intervals: `
    + (shown.length === 0 ? "no point can be shown (fewer than 11 adopters or controls)."
      : study.points.map((p) => `month ${p.month}: ${drawable(p) ? `${signed(p.estimate)} (${interval(p)})` : "not shown"}`).join("; ") + ".");
  return (
    <figure class="chart-figure" data-testid="event-study">
      <figcaption><strong>Event study: {props.label}</strong> <span class="muted">(difference-in-differences, {study.meaning})</span></figcaption>
      <svg class="chart event-study" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={summary}>
        <rect class="placebo" x={PAD.left} y={PAD.top} width={Math.max(0, x(-0.5) - PAD.left)} height={HEIGHT - PAD.top - PAD.bottom} />
        <text class="axis" x={PAD.left + 4} y={PAD.top + 12}>before adoption: placebo check</text>
        {runs(withReference(study.points)).map((run) => <path key={run[0].month} class="ci-band" d={band(run, x, y)} />)}
        <line class="zero" x1={PAD.left} x2={WIDTH - PAD.right} y1={y(0)} y2={y(0)} />
        {[span / 1.1, 0, -span / 1.1].map((v) => <text key={v} class="axis" x={PAD.left - 6} y={y(v) + 4} text-anchor="end">{v === 0 ? "0" : signed(v)}</text>)}
        {months.sort((a, b) => a - b).map((m) => <text key={m} class="axis" x={x(m)} y={HEIGHT - 22} text-anchor="middle">{m}</text>)}
        <text class="axis" x={(PAD.left + WIDTH - PAD.right) / 2} y={HEIGHT - 4} text-anchor="middle">months since adoption</text>
        <circle class="reference" cx={x(-1)} cy={y(0)} r={4.5} />
        {shown.map((p) => <circle key={p.month} class={`point${p.month < 0 ? " placebo-point" : ""}`} cx={x(p.month)} cy={y(p.estimate)} r={4.5} />)}
      </svg>
      <p class="muted small">
        Shaded area: the 95% band. Hollow circle: month −1, the reference. Average effect after adoption:
        {" "}<strong data-testid="did-overall">{signed(study.overall.estimate)}</strong> (95% interval {interval(study.overall)}),
        {" "}{count(study.adopters)} adopters, {count(study.neverAdopters)} never adopted.
      </p>
      <details>
        <summary>Figures of the event study</summary>
        <table class="figures" data-testid="event-study-table">
          <thead><tr><th scope="col">Months since adoption</th><th scope="col">Estimate</th><th scope="col">95% interval</th><th scope="col">Adopters</th></tr></thead>
          <tbody>
            {study.points.map((p) => (
              <tr key={p.month}>
                <th scope="row">{p.month}{p.month < 0 ? " (placebo)" : ""}</th>
                <td>{signed(p.estimate)}</td><td>{interval(p)}</td><td>{count(p.adopters)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}

/** The points with the reference month −1 (0, without uncertainty: the effects are measured against it) where the server sent none. */
function withReference(points: EventPoint[]): EventPoint[] {
  return points.some((p) => p.month === -1) ? points
    : [...points, { month: -1, estimate: 0, lower: 0, upper: 0 }].sort((a, b) => a.month - b.month);
}

/** The shown points in runs of consecutive months: the band is drawn over each run and broken at a gap. */
function runs(points: EventPoint[]): Drawn[][] {
  const out: Drawn[][] = [];
  let run: Drawn[] = [];
  for (const p of points) {
    if (drawable(p) && (run.length === 0 || p.month === run[run.length - 1].month + 1)) {
      run.push(p);
    } else {
      if (run.length > 0) {
        out.push(run);
      }
      run = drawable(p) ? [p] : [];
    }
  }
  if (run.length > 0) {
    out.push(run);
  }
  return out;
}

/** The band's outline: along the upper ends, back along the lower ends (a lone point gets a short bar). */
function band(run: Drawn[], x: (m: number) => number, y: (v: number) => number): string {
  if (run.length === 1) {
    const p = run[0];
    return `M${x(p.month) - 3},${y(p.upper)} H${x(p.month) + 3} V${y(p.lower)} H${x(p.month) - 3} Z`;
  }
  const upper = run.map((p, i) => `${i === 0 ? "M" : "L"}${x(p.month).toFixed(1)},${y(p.upper).toFixed(1)}`);
  const lower = run.slice().reverse().map((p) => `L${x(p.month).toFixed(1)},${y(p.lower).toFixed(1)}`);
  return `${upper.join(" ")} ${lower.join(" ")} Z`;
}
