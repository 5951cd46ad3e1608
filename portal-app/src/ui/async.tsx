import type { ComponentChildren } from "preact";
import { useEffect, useState } from "preact/hooks";

export type Loaded<T> =
  | { state: "loading" }
  | { state: "failed"; error: Error }
  | { state: "done"; value: T };

/**
 * Runs a loader when its inputs change; the screen shows loading, the server's refusal, or the data. A reload
 * (the returned function, after a change the user made) keeps showing the data it replaces until it is done, so
 * the screen does not flicker and keeps its state (focus, messages).
 */
export function useLoad<T>(loader: () => Promise<T>, inputs: unknown[]): [Loaded<T>, () => void] {
  const [loaded, setLoaded] = useState<Loaded<T>>({ state: "loading" });
  const [round, setRound] = useState(0);
  const [lastInputs, setLastInputs] = useState<unknown[]>(inputs);
  useEffect(() => {
    let current = true;
    const changed = inputs.length !== lastInputs.length || inputs.some((value, i) => value !== lastInputs[i]);
    if (changed || loaded.state !== "done") {
      setLoaded({ state: "loading" });
    }
    setLastInputs(inputs);
    loader().then(
      (value) => current && setLoaded({ state: "done", value }),
      (error: Error) => current && setLoaded({ state: "failed", error }),
    );
    return () => {
      current = false;
    };
  }, [...inputs, round]);
  return [loaded, () => setRound((r) => r + 1)];
}

/** Shows a loaded value, or a status while loading, or what went wrong (announced to screen readers). */
export function Show<T>(props: { loaded: Loaded<T>; what: string; children: (value: T) => ComponentChildren }) {
  const { loaded } = props;
  if (loaded.state === "loading") {
    return <p role="status" class="muted">Loading {props.what}…</p>;
  }
  if (loaded.state === "failed") {
    return <Problem>Your {props.what} could not be loaded. {loaded.error.message}</Problem>;
  }
  return <>{props.children(loaded.value)}</>;
}

export function Problem(props: { children: ComponentChildren }) {
  return <div role="alert" class="problem">{props.children}</div>;
}

export function Notice(props: { children: ComponentChildren }) {
  return <div role="status" class="notice">{props.children}</div>;
}
