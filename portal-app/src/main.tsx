import { render } from "preact";
import { App } from "./ui/App";
import "./styles.css";

const root = document.getElementById("app")!;
root.textContent = ""; // the page's "Loading" text, shown until the script runs
render(<App />, root);
