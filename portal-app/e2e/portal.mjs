// Support of the portal's browser tests: Debian's chromium driven by playwright-core, the SMART sign-in as a
// person does it, axe-core on every screen, and a screenshot per test. The server runs already (see
// hapi-server's PortalBrowserTest, which starts it with demo data and runs these tests with node's test runner).
import { chromium } from "playwright-core";
import { after, before, describe, test } from "node:test";
import { execFileSync } from "node:child_process";
import { createHmac, randomBytes } from "node:crypto";
import { mkdtempSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import assert from "node:assert/strict";

/** The server's root, e.g. http://127.0.0.1:8080 (a loopback address: any port is a registered redirect). */
export const BASE_URL = required("PORTAL_BASE_URL").replace(/\/$/, "");
export const SCREENSHOTS = process.env.PORTAL_SCREENSHOT_DIR ?? "target/e2e-screenshots";
export const DEMO_PATIENT = { username: "demo-patient", password: "demo-password-2026" };
export const DEMO_ANALYST = { username: "demo-analyst", password: "demo-password-2026" };
export const DEMO_CAREGIVER = { username: "demo-caregiver", password: "demo-password-2026" };
/** The two screens every walk runs on. */
export const DESKTOP = { width: 1280, height: 900 };
export const PHONE = { width: 390, height: 844 };
/** The portal's screens: menu label and heading. */
export const SCREENS = [["Home", "Welcome"], ["Results", "Results"], ["Medications", "Medications"],
  ["Visits & documents", "Visits & documents"], ["Appointments", "Appointments"], ["Messages", "Messages"],
  ["Who saw my record", "Who saw my record"], ["Connected apps", "Connected apps"], ["Account settings", "Account settings"]];
const ADMIN = { clientId: "portal-admin", secret: process.env.PORTAL_ADMIN_SECRET ?? "demo-admin-secret" };

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

function required(name) {
  const value = process.env[name];
  if (!value) {
    throw new Error(`set ${name}`);
  }
  return value;
}

/** Debian's chromium (or CHROMIUM_PATH): playwright-core downloads no browser of its own. */
function chromiumPath() {
  if (process.env.CHROMIUM_PATH) {
    return process.env.CHROMIUM_PATH;
  }
  return execFileSync("sh", ["-c", "command -v chromium || command -v chromium-browser"], { encoding: "utf8" }).trim();
}

/**
 * A fresh headless browser with a throw-away profile. The test context bypasses the portal's content security
 * policy only so that the test can inject axe-core; the app itself runs under the policy's rules otherwise.
 */
export async function openBrowser(viewport = { width: 1280, height: 900 }, { bypassCSP = true } = {}) {
  const profile = mkdtempSync(join(tmpdir(), "portal-e2e-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath(),
    headless: true,
    viewport,
    bypassCSP,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking", "--disable-component-update",
      "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"],
  });
  // generous: a server that just started (cold caches) on a busy machine can take tens of seconds per page;
  // every wait ends as soon as its condition holds
  context.setDefaultTimeout(60_000);
  const page = context.pages()[0] ?? (await context.newPage());
  const problems = [];
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  return {
    page,
    problems,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Opens the portal and signs in through the server's sign-in, patient picker (a caregiver's) and consent pages, as a person does. */
export async function signIn(page, account = DEMO_PATIENT) {
  await page.goto(`${BASE_URL}/portal/`);
  await page.waitForURL(/\/login$/);
  await page.getByLabel(/username/i).fill(account.username);
  await page.getByLabel(/password/i).fill(account.password);
  await page.getByRole("button", { name: /sign in/i }).click();
  const next = (url) => ["/oauth2/consent", "/oauth2/patient-picker", "/portal/"].some((path) => url.pathname.startsWith(path));
  await page.waitForURL(next);
  if (new URL(page.url()).pathname.startsWith("/oauth2/patient-picker")) {
    // a caregiver picks whose record to open: the first patient they act for
    await checkAccessibility(page, "patient picker");
    await page.getByRole("main").getByRole("button").first().click();
    await page.waitForURL((url) => next(url) && !url.pathname.startsWith("/oauth2/patient-picker"));
  }
  if (new URL(page.url()).pathname.startsWith("/oauth2/consent")) {
    await checkAccessibility(page, "consent page");
    await page.getByRole("button", { name: "Allow" }).click();
  }
  await page.waitForURL(/\/portal\//);
  await page.getByTestId("open-record").waitFor();
}

/**
 * Opens the analysts' dashboard and signs in through the server's sign-in, second-factor and consent pages, as the
 * analyst does. Analysts sign in with a second factor (smart.auth.mfa-required-roles), enrolled at the first sign-in:
 * returns the enrolled key, for later sign-ins.
 */
export async function signInAsAnalyst(page, enrolledSecret) {
  await page.goto(`${BASE_URL}/portal/#/analytics`);
  await page.waitForURL(/\/login$/);
  await page.getByLabel(/username/i).fill(DEMO_ANALYST.username);
  await page.getByLabel(/password/i).fill(DEMO_ANALYST.password);
  await page.getByRole("button", { name: /sign in/i }).click();
  await page.waitForURL((url) => ["/login/mfa", "/oauth2/consent"].includes(url.pathname) || url.pathname.startsWith("/portal/"));
  const secret = await secondStep(page, enrolledSecret);
  await page.waitForURL((url) => url.pathname.startsWith("/oauth2/consent") || url.pathname.startsWith("/portal/"));
  if (new URL(page.url()).pathname.startsWith("/oauth2/consent")) {
    await page.getByRole("button", { name: "Allow" }).click();
  }
  await page.getByRole("heading", { level: 1, name: "Portal engagement" }).waitFor();
  return secret;
}

/**
 * Goes to a screen through the menu, as a keyboard or mouse user would, and waits for its heading. A page left
 * broken by an earlier failed test is reopened first, so that one failure does not fail every later test.
 */
export async function openScreen(page, label, heading = label) {
  const menu = page.getByRole("navigation", { name: "Portal" });
  if (!(await menu.isVisible())) {
    await page.goto(`${BASE_URL}/portal/#/`);
    await menu.waitFor();
  }
  await openMenu(page);
  await menu.getByRole("link", { name: label }).click();
  await page.getByRole("heading", { level: 1, name: heading }).waitFor();
  await page.getByRole("status").filter({ hasText: /^Loading/ }).first().waitFor({ state: "detached" }).catch(() => {});
}

/** On a phone the menu is folded behind its "Menu" button: unfolds it (a no-op where the menu always shows). */
export async function openMenu(page) {
  const toggle = page.getByRole("navigation", { name: "Portal" }).getByRole("button", { name: /^Menu/ });
  if (await toggle.isVisible() && (await toggle.getAttribute("aria-expanded")) === "false") {
    await toggle.click();
  }
}

/** Nothing wider than a 360 px screen: the page scrolls only downwards (the viewport is set back afterwards). */
export async function assertNoHorizontalScrollAt360(page, what) {
  const before = page.viewportSize();
  await page.setViewportSize({ width: 360, height: 740 });
  const widths = await page.evaluate(() => ({ scroll: document.scrollingElement.scrollWidth, client: document.scrollingElement.clientWidth }));
  await page.setViewportSize(before);
  assert.ok(widths.scroll <= widths.client, `the ${what} scrolls sideways at 360 px: ${widths.scroll} > ${widths.client}`);
}

/** What every screen of a walk passes: axe, no sideways scroll at 360 px, and a screenshot kept as build output. */
export async function checkScreen(page, what, shot) {
  await checkAccessibility(page, what);
  await assertNoHorizontalScrollAt360(page, what);
  await screenshot(page, shot);
}

/** axe-core on the page as it is: no serious or critical WCAG 2.1 A/AA violation. */
export async function checkAccessibility(page, screen) {
  await page.addScriptTag({ content: AXE_SOURCE });
  const result = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
  }));
  const serious = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  assert.deepEqual(serious.map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`), [],
    `accessibility violations on the ${screen}`);
  return result;
}

export async function screenshot(page, name) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Runs a browser test's body; on failure saves a screenshot (failed-NAME.png) and names the page it was on. */
export async function photographFailure(page, name, body) {
  try {
    await body();
  } catch (e) {
    await screenshot(page, `failed-${name}`).catch(() => {});
    e.message += `\n(page: ${page.url()}; screenshot failed-${name}.png)`;
    throw e;
  }
}

/**
 * A suite of browser tests that share one browser page, in order: `body` declares them with the `pageTest(name,
 * slug, async (page) => ...)` it is given; a failing test leaves a screenshot failed-SLUG.png; at the end the
 * app must have raised no uncaught error.
 */
export function browserSuite(name, body, viewport = DESKTOP) {
  describe(name, () => {
    let browser;
    before(async () => {
      browser = await openBrowser(viewport);
    });
    after(async () => {
      assert.deepEqual(browser.problems, [], "the app raised no uncaught error");
      await browser.close();
    });
    body((testName, slug, testBody) => test(testName, () => photographFailure(browser.page, slug, () => testBody(browser.page))));
  });
}

/** An access token of the server's admin client (client_credentials), for what the tests set up through the API. */
export async function adminToken(scope) {
  const response = await fetch(`${BASE_URL}/oauth2/token`, {
    method: "POST",
    headers: { Authorization: `Basic ${Buffer.from(`${ADMIN.clientId}:${ADMIN.secret}`).toString("base64")}`,
      "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "client_credentials", scope }),
  });
  const body = await response.json();
  assert.equal(response.status, 200, JSON.stringify(body));
  return body.access_token;
}

// --- the server's admin API, for accounts the tests make and may change --------------------------------------------

/** The password of every account the tests make. */
export const TEST_PASSWORD = "correct horse battery staple";

/** A new record and a portal account for it: a Patient (the default) or a Practitioner, who enrols in TOTP at first sign-in. */
export async function createAccount(family, role = "PATIENT") {
  const suffix = `${Date.now()}-${randomBytes(2).toString("hex")}`;
  const resourceType = role === "PRACTITIONER" ? "Practitioner" : "Patient";
  const created = await fetch(`${BASE_URL}/fhir/${resourceType}`, {
    method: "POST",
    headers: { Authorization: `Bearer ${await adminToken("system/*.cruds")}`, "Content-Type": "application/fhir+json", Accept: "application/fhir+json" },
    body: JSON.stringify({ resourceType, name: [{ family, given: ["Erin"] }], ...(role === "PATIENT" ? { birthDate: "1980-02-03" } : {}) }),
  });
  const record = await created.json();
  assert.equal(created.status, 201, JSON.stringify(record));
  const username = `e2e-${family.toLowerCase()}-${suffix}`;
  const user = await fetch(`${BASE_URL}/api/admin/users`, {
    method: "POST",
    headers: { Authorization: `Bearer ${await adminToken("user.admin")}`, "Content-Type": "application/json" },
    body: JSON.stringify({ username, password: TEST_PASSWORD, role, fhirUser: `${resourceType}/${record.id}`, displayName: `Erin ${family}` }),
  });
  assert.equal(user.status, 201, await user.text());
  return { username, password: TEST_PASSWORD, patientId: role === "PATIENT" ? record.id : undefined, recordId: record.id };
}

// --- the tests' authenticator app: TOTP, RFC 6238 (HMAC-SHA-1, 30-second steps, 6 digits) ------------------------

export function totp(base32Secret, now = Date.now()) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(now / 1000 / 30)));
  const hmac = createHmac("sha1", base32Decode(base32Secret)).update(counter).digest();
  const offset = hmac[hmac.length - 1] & 0x0f;
  const binary = ((hmac[offset] & 0x7f) << 24) | (hmac[offset + 1] << 16) | (hmac[offset + 2] << 8) | hmac[offset + 3];
  return String(binary % 1_000_000).padStart(6, "0");
}

/** A well-formed code that is none of the accepted ones (the current step and one either side). */
export function otherCode(code) {
  return String((Number(code) + 500_000) % 1_000_000).padStart(6, "0");
}

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

export function base32(text) {
  let bits = "";
  for (const byte of Buffer.from(text)) {
    bits += byte.toString(2).padStart(8, "0");
  }
  let out = "";
  for (let i = 0; i < bits.length; i += 5) {
    out += ALPHABET[parseInt(bits.slice(i, i + 5).padEnd(5, "0"), 2)];
  }
  return out;
}

function base32Decode(text) {
  let bits = "";
  for (const c of text.replace(/=+$/, "").toUpperCase()) {
    bits += ALPHABET.indexOf(c).toString(2).padStart(5, "0");
  }
  const bytes = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) {
    bytes.push(parseInt(bits.slice(i, i + 8), 2));
  }
  return Buffer.from(bytes);
}

/**
 * The second sign-in step at /login/mfa, if the server asks for it: at the first sign-in the page shows a new key,
 * which is enrolled (and returned, for later sign-ins); later ones use the key enrolled before.
 */
export async function secondStep(page, enrolledSecret) {
  if (new URL(page.url()).pathname !== "/login/mfa") {
    return enrolledSecret;
  }
  const shown = page.locator("#secret");
  const secret = (await shown.count()) > 0 ? (await shown.innerText()).trim() : enrolledSecret;
  assert.ok(secret, "asked for a code without an enrolled key");
  await page.getByLabel("Code").fill(totp(secret));
  await page.getByRole("button", { name: "Verify" }).click();
  return secret;
}
