import { render } from "preact";
import { AnalystApp, isAnalystEntry } from "./analytics/AnalystApp";
import { App } from "./ui/App";
import "./styles.css";

const root = document.getElementById("app")!;
root.textContent = ""; // the page's "Loading" text, shown until the script runs
// portal/#/analytics is the analysts' dashboard: the same SMART client, signed in with the analyst's scopes
render(isAnalystEntry() ? <AnalystApp /> : <App />, root);
