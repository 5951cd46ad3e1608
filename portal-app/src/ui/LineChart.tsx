/** One line of a {@link LineChart}: a value per month, or null where there is none (suppressed, or no data). */
export interface Series { name: string; values: (number | null)[] }

const MARKERS = ["circle", "square", "diamond", "triangle", "cross"] as const;

/**
 * A line chart of monthly figures, one line per series, drawn as SVG, with an optional shaded band (a benchmark
 * range). Series differ by colour, dash and marker shape, so they can be told apart without colour. It is an image
 * with a text alternative; the same figures are in a table below it. Months without a figure leave a gap.
 * Hand-written, like {@link TrendChart}: no chart library for a few line charts.
 */
export function LineChart(props: {
  title: string; unit: string; months: string[]; series: Series[]; band?: [number, number]; bandLabel?: string;
  format?: (v: number) => string; testId?: string;
}) {
  const { months, series, band } = props;
  const format = props.format ?? ((v: number) => String(v));
  const width = 560;
  const height = 220;
  const pad = { left: 52, right: 16, top: 14, bottom: 34 };
  const values = series.flatMap((s) => s.values.filter((v): v is number => v !== null));
  const shown = values.length > 0;
  const max = Math.max(...values, ...(band ? [band[1]] : []), 0) * 1.1 || 1;
  const x = (i: number) => pad.left + (months.length === 1 ? 0.5 : i / (months.length - 1)) * (width - pad.left - pad.right);
  const y = (v: number) => pad.top + (1 - v / max) * (height - pad.top - pad.bottom);
  const summary = `${props.title} (${props.unit}), ${months[0]} to ${months[months.length - 1]}: `
    + (shown ? series.map((s) => `${s.name} ${s.values.map((v) => (v === null ? "not shown" : format(v))).join(", ")}`).join("; ")
      : "no figure can be shown (fewer than 11 patients in every month)")
    + (band ? `; ${props.bandLabel ?? "band"} ${band[0]} to ${band[1]}.` : ".");
  return (
    <figure class="chart-figure" data-testid={props.testId ?? "engagement-chart"}>
      <figcaption><strong>{props.title}</strong> <span class="muted">({props.unit})</span></figcaption>
      <svg class="chart" viewBox={`0 0 ${width} ${height}`} role="img" aria-label={summary}>
        {band && <rect class="band" x={pad.left} width={width - pad.left - pad.right} y={y(band[1])} height={y(band[0]) - y(band[1])} />}
        {[0, max / 2, max / 1.1].map((v) => (
          <g key={v}>
            <line class="grid" x1={pad.left} x2={width - pad.right} y1={y(v)} y2={y(v)} />
            <text class="axis" x={pad.left - 6} y={y(v) + 4} text-anchor="end">{format(round(v))}</text>
          </g>
        ))}
        {months.map((m, i) => (
          <text key={m} class="axis" x={x(i)} y={height - 10}
            text-anchor={months.length > 1 && i === 0 ? "start" : months.length > 1 && i === months.length - 1 ? "end" : "middle"}>{m}</text>
        ))}
        {series.map((s, k) => (
          <g key={s.name} class={`series s${k % MARKERS.length}`} data-series={s.name}>
            <path class="line" d={path(s.values, x, y)} />
            {s.values.map((v, i) => v === null ? null : marker(MARKERS[k % MARKERS.length], x(i), y(v), `${m(months, i)}`))}
          </g>
        ))}
      </svg>
      {series.length > 1 && (
        <ul class="legend" aria-hidden="true">
          {series.map((s, k) => <li key={s.name} class={`s${k % MARKERS.length}`}><span class="swatch" />{s.name}</li>)}
        </ul>
      )}
      {band && <p class="muted small">Shaded: {props.bandLabel ?? "band"} ({band[0]}–{band[1]}).</p>}
      <details>
        <summary>Figures of “{props.title}”</summary>
        <table class="figures">
          <thead><tr><th scope="col">Month</th>{series.map((s) => <th key={s.name} scope="col">{s.name}</th>)}</tr></thead>
          <tbody>
            {months.map((month, i) => (
              <tr key={month}>
                <th scope="row">{month}</th>
                {series.map((s) => <td key={s.name}>{s.values[i] === null ? "not shown" : format(s.values[i]!)}</td>)}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}

function m(months: string[], i: number): string {
  return months[i];
}

function path(values: (number | null)[], x: (i: number) => number, y: (v: number) => number): string {
  let d = "";
  let pen = false;
  values.forEach((v, i) => {
    if (v === null) {
      pen = false;
      return;
    }
    d += `${pen ? "L" : "M"}${x(i).toFixed(1)},${y(v).toFixed(1)} `;
    pen = true;
  });
  return d.trim();
}

function marker(shape: (typeof MARKERS)[number], cx: number, cy: number, key: string) {
  const r = 4.5;
  switch (shape) {
    case "square":
      return <rect key={key} class="point" x={cx - r} y={cy - r} width={2 * r} height={2 * r} />;
    case "diamond":
      return <path key={key} class="point" d={`M${cx},${cy - r - 1} L${cx + r + 1},${cy} L${cx},${cy + r + 1} L${cx - r - 1},${cy} Z`} />;
    case "triangle":
      return <path key={key} class="point" d={`M${cx},${cy - r - 1} L${cx + r + 1},${cy + r} L${cx - r - 1},${cy + r} Z`} />;
    case "cross":
      return <path key={key} class="point cross" d={`M${cx - r},${cy - r} L${cx + r},${cy + r} M${cx - r},${cy + r} L${cx + r},${cy - r}`} />;
    default:
      return <circle key={key} class="point" cx={cx} cy={cy} r={r} />;
  }
}

function round(v: number): number {
  return Math.abs(v) >= 10 ? Math.round(v) : Math.round(v * 10) / 10;
}
