import type { ComponentChildren } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import type { OpenRecord } from "./App";
import { date, name } from "./format";

/** The portal's screens, in the order of the menu. */
export const SCREENS: { path: string; label: string }[] = [
  { path: "", label: "Home" },
  { path: "results", label: "Results" },
  { path: "medications", label: "Medications" },
  { path: "visits", label: "Visits & documents" },
  { path: "appointments", label: "Appointments" },
  { path: "messages", label: "Messages" },
  { path: "access-log", label: "Who saw my record" },
  { path: "apps", label: "Connected apps" },
  { path: "account", label: "Account settings" },
];

/**
 * Every screen's frame: a skip link, the header that always says whose record is open, the menu, and the main
 * region. After each change of screen the focus moves to the new screen's heading, as a page load would. On a
 * phone the menu folds behind a "Menu" button (aria-expanded; Escape closes it), so that the screen starts near the top.
 */
export function Layout(props: { record: OpenRecord; route: string[]; children: ComponentChildren }) {
  const { patient, user, caregiver, branding } = props.record;
  const main = useRef<HTMLElement>(null);
  const current = props.route[0] ?? "";
  const [menuOpen, setMenuOpen] = useState(false);
  useEffect(() => {
    setMenuOpen(false);
    main.current?.querySelector<HTMLElement>("h1")?.focus();
  }, [props.route.join("/")]);
  const here = SCREENS.find((s) => s.path === current)?.label;
  return (
    <>
      <a class="skip" href="#main" onClick={(e) => { e.preventDefault(); main.current?.querySelector<HTMLElement>("h1")?.focus(); }}>
        Skip to content
      </a>
      <header class="banner">
        <div class="brand" data-testid="brand">
          {branding.logoUrl && <img class="logo" src={branding.logoUrl} alt="" />}
          {branding.organizationName ? <>{branding.organizationName} <span class="product">Patient portal</span></> : "Patient portal"}
        </div>
        <p class="record" data-testid="open-record">
          <span class="label">Record of</span> <strong>{name(patient.name)}</strong>
          {patient.birthDate && <span class="muted"> · born {date(patient.birthDate)}</span>}
          {caregiver && <span class="muted" data-testid="signed-in-as"> (you are signed in as {user?.name ?? "a caregiver"})</span>}
        </p>
        {caregiver && <button type="button" class="link" onClick={props.record.switchPatient}>Switch patient</button>}
        <button type="button" class="link" onClick={props.record.signOut}>Sign out</button>
      </header>
      <nav aria-label="Portal" class={menuOpen ? "open" : undefined}
        onKeyDown={(e) => { if (e.key === "Escape" && menuOpen) { setMenuOpen(false); e.currentTarget.querySelector<HTMLElement>(".menu-toggle")?.focus(); } }}>
        <button type="button" class="menu-toggle" aria-expanded={menuOpen} aria-controls="portal-menu" onClick={() => setMenuOpen(!menuOpen)}>
          <span aria-hidden="true" class="menu-icon">{menuOpen ? "✕" : "☰"}</span> Menu{here && <span class="muted"> · {here}</span>}
        </button>
        <ul id="portal-menu">
          {SCREENS.map((s) => (
            <li key={s.path}>
              <a href={`#/${s.path}`} aria-current={current === s.path ? "page" : undefined} onClick={() => setMenuOpen(false)}>{s.label}</a>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" ref={main}>{props.children}</main>
    </>
  );
}
