import { type AipwAnswer, type Answer, count, drawable, interval, OUTCOMES, signed, whyNot } from "./effect";

const WIDTH = 560;
const HEIGHT = 50;
const PAD = 28;

/**
 * A forest plot of the AIPW estimates, one row per outcome: the estimate (square) with its 95% interval (bar) and
 * the naive difference (hollow diamond) beside it, around a dashed line of no effect. Outcomes differ in unit, so
 * each row has its own scale, symmetric about 0 (its ends are labelled), and the zero lines line up. Each row says
 * its figures in words as well, and the table below has them all. An outcome the server refuses, or whose arms
 * are too small, gets a sentence instead of a bar. Hand-written SVG, like LineChart.
 */
export function ForestPlot(props: { answers: Answer<AipwAnswer>[] }) {
  return (
    <figure class="chart-figure forest" data-testid="forest-plot">
      <figcaption><strong>Effect of active portal use, per outcome</strong> <span class="muted">(estimate with its 95% interval)</span></figcaption>
      <ul class="legend forest-legend" aria-hidden="true">
        <li><svg width="34" height="14"><line class="ci" x1="2" x2="32" y1="7" y2="7" /><rect class="estimate" x="12" y="2" width="10" height="10" /></svg>estimate and 95% interval</li>
        <li><svg width="16" height="14"><path class="naive" d="M8,1 L14,7 L8,13 L2,7 Z" /></svg>naive difference</li>
        <li><svg width="16" height="14"><line class="zero" x1="8" x2="8" y1="0" y2="14" /></svg>no effect (0)</li>
      </ul>
      <ol class="forest-rows">
        {props.answers.map((answer, i) => <Row key={OUTCOMES[i].code} code={OUTCOMES[i].code} label={OUTCOMES[i].label} answer={answer} />)}
      </ol>
      <details>
        <summary>Figures of the forest plot</summary>
        <div class="table-scroll" tabIndex={0} role="region" aria-label="Figures of the forest plot">
          <table class="figures" data-testid="forest-table">
            <thead>
              <tr><th scope="col">Outcome</th><th scope="col">Estimate</th><th scope="col">95% interval</th>
                <th scope="col">Naive difference</th><th scope="col">Users</th><th scope="col">Others</th></tr>
            </thead>
            <tbody>
              {props.answers.map((answer, i) => (
                <tr key={OUTCOMES[i].code}>
                  <th scope="row">{OUTCOMES[i].label}</th>
                  {answer.kind === "shown"
                    ? <><td>{signed(answer.value.estimate)}</td><td>{interval(answer.value)}</td><td>{signed(answer.value.naive)}</td>
                      <td>{count(answer.value.exposed)}</td><td>{count(answer.value.unexposed)}</td></>
                    : <td colSpan={5}>{answer.kind === "refused" ? "not offered by this server" : "no estimate"}</td>}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}

function Row(props: { code: string; label: string; answer: Answer<AipwAnswer> }) {
  const { answer } = props;
  return (
    <li class="forest-row" data-outcome={props.code}>
      <p class="forest-label"><strong>{props.label}</strong>{answer.kind === "shown" && answer.value.meaning && <span class="muted"> · {answer.value.meaning}</span>}</p>
      {answer.kind === "shown" ? <Shown a={answer.value} label={props.label} /> : (
        <p class="forest-message" data-testid="forest-message">{whyNot(answer)}</p>
      )}
    </li>
  );
}

function Shown(props: { a: AipwAnswer; label: string }) {
  const { a } = props;
  if (!drawable(a)) {
    return (
      <p class="forest-message" data-testid="forest-message">
        Not shown: fewer than 11 patients among the portal users ({count(a.exposed)}) or the others ({count(a.unexposed)}).
      </p>
    );
  }
  const span = Math.max(Math.abs(a.lower), Math.abs(a.upper), Math.abs(a.naive ?? 0)) * 1.15 || 1;
  const x = (v: number) => WIDTH / 2 + (v / span) * (WIDTH / 2 - PAD);
  const y = 16;
  const words = `${props.label}: estimate ${signed(a.estimate)}, 95% interval ${interval(a)}, naive difference ${signed(a.naive)}.`;
  return (
    <>
      <svg class="chart forest-strip" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={words}>
        <line class="zero" x1={x(0)} x2={x(0)} y1={2} y2={HEIGHT - 16} />
        <line class="ci" x1={x(a.lower)} x2={x(a.upper)} y1={y} y2={y} />
        <line class="ci" x1={x(a.lower)} x2={x(a.lower)} y1={y - 6} y2={y + 6} />
        <line class="ci" x1={x(a.upper)} x2={x(a.upper)} y1={y - 6} y2={y + 6} />
        {a.naive !== undefined && <path class="naive" d={`M${x(a.naive)},${y - 7} L${x(a.naive) + 7},${y} L${x(a.naive)},${y + 7} L${x(a.naive) - 7},${y} Z`} />}
        <rect class="estimate" x={x(a.estimate) - 5} y={y - 5} width={10} height={10} />
        <text class="axis" x={x(-span)} y={HEIGHT - 3} text-anchor="start">{signed(-span)}</text>
        <text class="axis" x={x(0)} y={HEIGHT - 3} text-anchor="middle">0</text>
        <text class="axis" x={x(span)} y={HEIGHT - 3} text-anchor="end">{signed(span)}</text>
      </svg>
      <p class="forest-figures" data-testid="forest-figures">
        Estimate <strong>{signed(a.estimate)}</strong> (95% interval {interval(a)}) · naive difference {signed(a.naive)} ·
        {" "}{count(a.exposed)} portal users, {count(a.unexposed)} others
      </p>
    </>
  );
}
