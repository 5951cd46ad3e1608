import { date } from "./format";

export interface Point { when: string; value: number }

/**
 * A line chart of one test's values over time, drawn as SVG, with the normal range as a shaded band. It is an
 * image with a text alternative that states the trend; the same values are offered as a table next to it.
 * Hand-written: a chart library would outweigh the whole app for one kind of chart.
 */
export function TrendChart(props: { title: string; unit: string; points: Point[]; low?: number; high?: number }) {
  const { points, low, high, unit } = props;
  const width = 560;
  const height = 200;
  const pad = { left: 48, right: 16, top: 12, bottom: 32 };
  const times = points.map((p) => new Date(p.when).getTime());
  const values = points.map((p) => p.value);
  const bounds = [...values, ...(low !== undefined ? [low] : []), ...(high !== undefined ? [high] : [])];
  let min = Math.min(...bounds);
  let max = Math.max(...bounds);
  const margin = (max - min || Math.abs(max) || 1) * 0.1;
  min -= margin;
  max += margin;
  const t0 = Math.min(...times);
  const t1 = Math.max(...times);
  const x = (t: number) => pad.left + (t1 === t0 ? 0.5 : (t - t0) / (t1 - t0)) * (width - pad.left - pad.right);
  const y = (v: number) => pad.top + (1 - (v - min) / (max - min)) * (height - pad.top - pad.bottom);
  const line = points.map((p, i) => `${i === 0 ? "M" : "L"}${x(times[i]).toFixed(1)},${y(p.value).toFixed(1)}`).join(" ");
  const ticks = [min + margin, (min + max) / 2, max - margin];
  const first = points[0];
  const last = points[points.length - 1];
  const summary = `${props.title}: ${points.length} results from ${date(first.when)} to ${date(last.when)}, `
    + `from ${first.value} to ${last.value} ${unit}`
    + (low !== undefined && high !== undefined ? `; normal range ${low} to ${high} ${unit}.`
      : high !== undefined ? `; normal up to ${high} ${unit}.` : low !== undefined ? `; normal from ${low} ${unit}.` : ".");

  return (
    <svg class="chart" viewBox={`0 0 ${width} ${height}`} role="img" aria-label={summary} data-testid="trend-chart">
      {(low !== undefined || high !== undefined) && (
        <rect class="range" x={pad.left} width={width - pad.left - pad.right}
          y={y(high ?? max)} height={Math.max(0, y(low ?? min) - y(high ?? max))} />
      )}
      {ticks.map((v) => (
        <g key={v}>
          <line class="grid" x1={pad.left} x2={width - pad.right} y1={y(v)} y2={y(v)} />
          <text class="axis" x={pad.left - 6} y={y(v) + 4} text-anchor="end">{round(v)}</text>
        </g>
      ))}
      <text class="axis" x={pad.left} y={height - 8}>{date(first.when)}</text>
      <text class="axis" x={width - pad.right} y={height - 8} text-anchor="end">{date(last.when)}</text>
      <path class="line" d={line} />
      {points.map((p, i) => {
        const outside = (low !== undefined && p.value < low) || (high !== undefined && p.value > high);
        return <circle key={p.when} class={outside ? "point outside" : "point"} cx={x(times[i])} cy={y(p.value)} r={outside ? 5 : 4} />;
      })}
    </svg>
  );
}

function round(v: number): string {
  return Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(2);
}
