import { useState } from "preact/hooks";
import type { FhirApi } from "../fhir/api";
import { Problem, Show, useLoad } from "../ui/async";
import { type EffectQuery, loadEstimates, loadEventStudy, outcomeLabel, OUTCOMES, whyNot } from "./effect";
import { EventStudyChart } from "./EventStudyChart";
import { ForestPlot } from "./ForestPlot";

const OUTCOME_MONTHS = [3, 6];
const BASELINE_MONTHS = [3, 6];
const SIGN_INS = [0.5, 1, 2];

/**
 * The effect of portal use ($engagement-effect), for analysts: the AIPW estimate of every outcome the panel knows
 * as a forest plot with the naive difference beside each, the event study (DiD) of one outcome, and a reading
 * guide saying what the figures mean and what they do not prove. The analysis window and the exposure definition
 * are the operation's parameters; their defaults suit six months of history (three of baseline, three of outcome).
 */
export function EffectPanel(props: { api: FhirApi }) {
  const [query, setQuery] = useState<EffectQuery>({ months: 3, baseline: 3, signIns: 1 });
  const [outcome, setOutcome] = useState(OUTCOMES[0].code);
  const [estimates] = useLoad(() => loadEstimates(props.api, query), [query.months, query.baseline, query.signIns]);
  const [study] = useLoad(() => loadEventStudy(props.api, query, outcome), [query.months, query.baseline, query.signIns, outcome]);
  const choose = (key: keyof EffectQuery) => (e: Event) => setQuery({ ...query, [key]: Number((e.currentTarget as HTMLSelectElement).value) });
  return (
    <section aria-labelledby="effect" class="effect-panel" data-testid="effect-panel">
      <h2 id="effect">Effect of portal use</h2>
      <p>
        Did active use of the portal change what patients do? Each estimate compares active users with other patients
        who were alike before (age, gender, practice, earlier appointments), not with everyone.
      </p>
      <form class="filters" onSubmit={(e) => e.preventDefault()}>
        <div>
          <label for="effect-months">Outcome period</label>
          <select id="effect-months" value={String(query.months)} onChange={choose("months")}>
            {OUTCOME_MONTHS.map((n) => <option key={n} value={String(n)}>Last {n} full months</option>)}
          </select>
        </div>
        <div>
          <label for="effect-baseline">Baseline before it</label>
          <select id="effect-baseline" value={String(query.baseline)} onChange={choose("baseline")}>
            {BASELINE_MONTHS.map((n) => <option key={n} value={String(n)}>{n} months</option>)}
          </select>
        </div>
        <div>
          <label for="effect-sign-ins">Active user</label>
          <select id="effect-sign-ins" value={String(query.signIns)} onChange={choose("signIns")}>
            {SIGN_INS.map((n) => <option key={n} value={String(n)}>{n === 0.5 ? "a sign-in every other month" : `${n} sign-in${n > 1 ? "s" : ""} a month or more`}</option>)}
          </select>
        </div>
      </form>
      <Show loaded={estimates} what="effect estimates">
        {(answers) => <ForestPlot answers={answers} />}
      </Show>
      <div class="filters">
        <div>
          <label for="effect-outcome">Outcome of the event study</label>
          <select id="effect-outcome" value={outcome} onChange={(e) => setOutcome(e.currentTarget.value)}>
            {OUTCOMES.map((o) => <option key={o.code} value={o.code}>{o.label}</option>)}
          </select>
        </div>
      </div>
      <Show loaded={study} what="event study">
        {(answer) => answer.kind === "shown"
          ? <EventStudyChart study={answer.value} label={outcomeLabel(outcome)} />
          : <Problem>No event study for “{outcomeLabel(outcome)}”. {whyNot(answer)}</Problem>}
      </Show>
      <ReadingGuide assumptions={[
        ...(estimates.state === "done" ? estimates.value.flatMap((a) => (a.kind === "shown" ? a.value.assumptions : [])) : []),
        ...(study.state === "done" && study.value.kind === "shown" ? study.value.value.assumptions : []),
      ]} />
    </section>
  );
}

/** What the figures mean and what they do not prove, in plain words, with the assumptions the server states. */
function ReadingGuide(props: { assumptions: string[] }) {
  const assumptions = [...new Set(props.assumptions)];
  return (
    <section aria-labelledby="effect-guide" class="reading-guide" data-testid="reading-guide">
      <h3 id="effect-guide">How to read these figures</h3>
      <ul class="plain">
        <li>
          <strong>The estimate</strong> is how much active portal use changed the outcome for the patients who used the
          portal, after weighing them against similar patients who did not. For missed appointments, −0.040 means about
          four fewer missed appointments per hundred due.
        </li>
        <li>
          <strong>The 95% interval</strong> is the range of effects the data are consistent with. If it crosses 0, the
          data cannot tell the effect apart from no effect.
        </li>
        <li>
          <strong>The naive difference</strong> is the plain comparison of users with everyone else. Users are younger
          and were already more engaged, so it is biased; where it differs from the estimate, trust the estimate.
        </li>
        <li>
          <strong>The event study</strong> follows patients month by month from the month they started using the
          portal, against patients who had not started yet. The months before adoption should stay near 0: if they do
          not, the groups were already drifting apart and the months after cannot be trusted.
        </li>
        <li>
          <strong>What it does not prove:</strong> these are estimates from routine records, not a trial. They are a cause
          only if the assumptions below hold, above all that nothing unrecorded (health, motivation, support at home)
          drove both portal use and the outcome. Figures of fewer than 11 patients are not shown.
        </li>
      </ul>
      {assumptions.length > 0 && (
        <details>
          <summary>The assumptions, as the server states them</summary>
          <ul class="plain">{assumptions.map((a) => <li key={a}>{a}</li>)}</ul>
        </details>
      )}
    </section>
  );
}
