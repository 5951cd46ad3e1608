// The account side of the portal in a real browser: a caregiver switching between the patients they act for,
// connected apps with revocation, two-step sign-in set up from the account settings and the choice of e-mail notices. Every new screen is
// checked with axe-core and photographed. Accounts that these tests change are made for them (through the
// server's admin API with the demo admin client), so that the demo patient stays as the other tests expect it.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { createServer } from "node:http";
import { BASE_URL, adminToken, base32, checkAccessibility, createAccount, openBrowser, otherCode, totp, openScreen, photographFailure, screenshot, signIn } from "./portal.mjs";

const CAREGIVER = { username: "demo-caregiver", password: "demo-password-2026" };

describe("RFC 6238 codes computed by these tests", () => {
  test("match the RFC's SHA-1 test vector", () => {
    // RFC 6238 appendix B: secret "12345678901234567890", T = 59 s, 8 digits 94287082 (6 digits: 287082)
    assert.equal(totp(base32("12345678901234567890"), 59_000), "287082");
  });
});

describe("the demo caregiver", () => {
  let browser;
  let page;

  before(async () => {
    browser = await openBrowser();
    page = browser.page;
  });

  after(async () => {
    assert.deepEqual(browser.problems, [], "the app raised no uncaught error");
    await browser.close();
  });

  const pageTest = (name, slug, body) => test(name, () => photographFailure(page, slug, body));

  let first;

  pageTest("picks a patient at sign-in and sees whose record is open and who is signed in", "caregiver-home", async () => {
    await page.goto(`${BASE_URL}/portal/`);
    await page.waitForURL(/\/login$/);
    await page.getByLabel(/username/i).fill(CAREGIVER.username);
    await page.getByLabel(/password/i).fill(CAREGIVER.password);
    await page.getByRole("button", { name: /sign in/i }).click();
    await page.waitForURL(/\/oauth2\/patient-picker/);
    await checkAccessibility(page, "patient picker");
    const choices = page.getByRole("main").getByRole("button");
    assert.equal(await choices.count(), 2, "the demo caregiver acts for two patients");
    first = familyName(await choices.first().innerText());
    await pickAndAllow(page, choices.first());

    const header = await page.getByTestId("open-record").innerText();
    assert.match(header, new RegExp(`Record of\\s+.*\\b${first}\\b`));
    assert.match(await page.getByTestId("signed-in-as").innerText(), /you are signed in as Casey Carer/);
    await page.getByRole("heading", { level: 1, name: "Welcome" }).waitFor();
    await checkAccessibility(page, "caregiver's home screen");
    await screenshot(page, "caregiver-first-patient");
  });

  pageTest("switches to the other patient through the sign-in's patient picker", "caregiver-switch", async () => {
    const patientBefore = await tokenPatient(page);
    const chain = [];
    const onResponse = (r) => r.request().isNavigationRequest() && chain.push(`${r.status()} ${new URL(r.url()).pathname}`);
    page.on("response", onResponse);
    await page.getByRole("button", { name: "Switch patient" }).click();
    await page.waitForURL((url) => /\/oauth2\/patient-picker|\/login$/.test(url.pathname));
    page.off("response", onResponse);
    assert.match(new URL(page.url()).pathname, /patient-picker/,
      `still signed in at the authorization server, the caregiver goes straight to the picker; went: ${chain.join(" -> ")}`);
    const other = page.getByRole("main").getByRole("button").filter({ hasNotText: new RegExp(`\\b${first}\\b`) });
    assert.equal(await other.count(), 1, "the picker offers the other patient");
    const second = familyName(await other.innerText());
    await pickAndAllow(page, other);

    const header = await page.getByTestId("open-record").innerText();
    assert.match(header, new RegExp(`Record of\\s+.*\\b${second}\\b`));
    assert.doesNotMatch(header, new RegExp(`\\b${first}\\b`));
    assert.match(await page.getByTestId("signed-in-as").innerText(), /Casey Carer/);
    const patientAfter = await tokenPatient(page);
    assert.notEqual(patientAfter, patientBefore, "the new token opens the other patient's record");
    await openScreen(page, "Medications");
    await page.getByRole("heading", { level: 2, name: "Current prescriptions" }).waitFor();
    const read = await page.evaluate(() => performance.getEntriesByType("resource").map((e) => e.name).filter((u) => /MedicationRequest\?/.test(u)));
    assert.ok(read.length > 0 && read.every((u) => u.includes(`patient=${patientAfter}`)), `the data read is the other patient's: ${read}`);
    await checkAccessibility(page, "medications of the other patient");
    await screenshot(page, "caregiver-second-patient");
  });
});

describe("connected apps", () => {
  let browser;
  let page;
  let account;

  before(async () => {
    browser = await openBrowser();
    page = browser.page;
    account = await createAccount("Apps");
  });

  after(async () => {
    assert.deepEqual(browser.problems, [], "the app raised no uncaught error");
    await browser.close();
  });

  const pageTest = (name, slug, body) => test(name, () => photographFailure(page, slug, body));

  pageTest("lists the portal and another approved app, revokes the other app, whose token is then refused", "apps-revoke", async () => {
    await signIn(page, account);
    const diary = await authorizeOtherApp(page, "Fitness diary");
    assert.equal((await fhirGet(`Patient/${account.patientId}`, diary.accessToken)).status, 200, "the other app reads the record");
    await page.goto(`${BASE_URL}/portal/#/`);
    await page.getByTestId("open-record").waitFor();

    await openScreen(page, "Connected apps");
    const apps = page.getByTestId("connected-app");
    await apps.first().waitFor();
    assert.deepEqual((await apps.getByRole("heading").allInnerTexts()).sort(), ["Fitness diary", "Patient portal (this app)"]);
    const portalItem = apps.filter({ hasText: "Patient portal" });
    assert.match(await portalItem.innerText(), /Revoking its access signs you out/);
    await checkAccessibility(page, "connected apps screen");
    await screenshot(page, "apps-list");

    await page.getByRole("button", { name: "Revoke access of Fitness diary" }).click();
    const question = page.getByText("Revoke Fitness diary's access?");
    await question.waitFor();
    await page.waitForFunction(() => document.activeElement?.textContent?.startsWith("Revoke Fitness diary's access?"));
    await checkAccessibility(page, "revoke confirmation");
    await page.getByRole("button", { name: "Yes, revoke access" }).click();
    await page.getByRole("status").filter({ hasText: "Fitness diary can no longer use your record." }).waitFor();
    await page.waitForFunction(() => [...document.querySelectorAll("[data-testid=connected-app] h2")].every((h) => !h.textContent.includes("Fitness")));
    assert.deepEqual(await apps.getByRole("heading").allInnerTexts(), ["Patient portal (this app)"]);
    assert.equal((await fhirGet(`Patient/${account.patientId}`, diary.accessToken)).status, 401, "the revoked token is refused");
    await screenshot(page, "apps-revoked");
  });

  pageTest("revoking the portal itself says it signs out, and does", "apps-revoke-portal", async () => {
    await openScreen(page, "Connected apps");
    const token = await accessToken(page);
    await page.getByRole("button", { name: "Revoke access of Patient portal" }).click();
    await page.getByText("Revoke the portal's access and sign out?").waitFor();
    await page.getByRole("button", { name: "Cancel" }).click();
    // cancel gives the focus back to the revoke button, which the keyboard then presses
    await page.waitForFunction(() => document.activeElement?.textContent === "Revoke access of Patient portal");
    await page.keyboard.press("Enter");
    await page.getByRole("button", { name: "Yes, revoke and sign out" }).click();
    await page.waitForURL(/\/login$/);
    assert.equal((await fhirGet(`Patient/${account.patientId}`, token)).status, 401, "the portal's revoked token is refused");
    await screenshot(page, "apps-portal-revoked");
  });
});

describe("two-step sign-in from the account settings", () => {
  let browser;
  let page;
  let account;
  let secret;

  before(async () => {
    browser = await openBrowser();
    page = browser.page;
    account = await createAccount("Twostep");
  });

  after(async () => {
    assert.deepEqual(browser.problems, [], "the app raised no uncaught error");
    await browser.close();
  });

  const pageTest = (name, slug, body) => test(name, () => photographFailure(page, slug, body));

  pageTest("sets up two-step sign-in with a code of the new key, after a wrong code is refused", "mfa-enrol", async () => {
    await signIn(page, account);
    await openScreen(page, "Account settings");
    await page.getByTestId("mfa-status").filter({ hasText: "Two-step sign-in is off." }).waitFor();
    assert.equal(await page.getByTestId("username").innerText(), account.username);
    await checkAccessibility(page, "account settings screen");
    await page.getByRole("button", { name: "Set up two-step sign-in" }).click();
    secret = (await page.getByTestId("mfa-secret").innerText()).trim();
    assert.match(secret, /^[A-Z2-7]{32}$/);
    await page.waitForFunction(() => document.activeElement?.id === "new-key");
    await checkAccessibility(page, "two-step sign-in set-up");
    await screenshot(page, "mfa-new-key");

    await page.getByLabel("6-digit code").fill(otherCode(totp(secret)));
    await page.getByRole("button", { name: "Turn on two-step sign-in" }).click();
    await page.getByRole("alert").filter({ hasText: "That code is not right" }).waitFor();
    assert.equal(await page.getByLabel("6-digit code").getAttribute("aria-invalid"), "true");
    await checkAccessibility(page, "wrong code");

    await page.getByLabel("6-digit code").fill(totp(secret));
    await page.getByLabel("6-digit code").press("Enter");
    await page.getByRole("status").filter({ hasText: "Two-step sign-in is on." }).waitFor();
    await page.getByTestId("mfa-status").filter({ hasText: "Two-step sign-in is on." }).waitFor();
    await screenshot(page, "mfa-on");
  });

  pageTest("signs out and in again, and sign-in asks for the code", "mfa-sign-in", async () => {
    assert.ok(secret, "enrolled in the previous test");
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(/\/login$/);
    await page.getByLabel(/username/i).fill(account.username);
    await page.getByLabel(/password/i).fill(account.password);
    await page.getByRole("button", { name: /sign in/i }).click();
    await page.waitForURL(/\/login\/mfa$/);
    assert.equal(await page.locator("#secret").count(), 0, "no new key at sign-in: the user enrolled already");
    await page.getByLabel("Code").fill(totp(secret));
    await page.getByRole("button", { name: "Verify" }).click();
    await page.waitForURL((url) => url.pathname.startsWith("/oauth2/consent") || url.pathname.startsWith("/portal/"));
    if (new URL(page.url()).pathname.startsWith("/oauth2/consent")) {
      await page.getByRole("button", { name: "Allow" }).click();
    }
    await page.waitForURL(/\/portal\//);
    await page.getByTestId("open-record").waitFor();
    await screenshot(page, "mfa-signed-in-with-code");
  });

  pageTest("switches two-step sign-in off with a current code", "mfa-off", async () => {
    await openScreen(page, "Account settings");
    await page.getByTestId("mfa-status").filter({ hasText: "Two-step sign-in is on." }).waitFor();
    await page.getByLabel("6-digit code").fill(totp(secret));
    await page.getByRole("button", { name: "Switch off two-step sign-in" }).click();
    await page.getByTestId("mfa-status").filter({ hasText: "Two-step sign-in is off." }).waitFor();
    await checkAccessibility(page, "account settings after switching off");
  });

  pageTest("chooses which e-mail notices to get, and the choice is kept", "notices", async () => {
    const results = page.getByLabel("New results are ready");
    await results.waitFor();
    assert.equal(await results.isChecked(), true, "every notice is on until switched off");
    await results.uncheck();
    await page.getByRole("status").filter({ hasText: "Saved." }).waitFor();
    await checkAccessibility(page, "e-mail notice choices");
    await screenshot(page, "notices-chosen");

    await openScreen(page, "Connected apps");
    await openScreen(page, "Account settings");
    await page.getByLabel("New results are ready").waitFor();
    assert.equal(await page.getByLabel("New results are ready").isChecked(), false, "kept on the server");
    assert.equal(await page.getByLabel("A new message from my care team").isChecked(), true);
  });
});

// --- the browser's steps through the authorization server -------------------------------------------------------

/** Chooses a patient in the sign-in's picker and allows the portal, back in the app. */
async function pickAndAllow(page, choice) {
  await choice.click();
  await page.waitForURL((url) => url.pathname.startsWith("/oauth2/consent") || url.pathname.startsWith("/portal/"));
  if (new URL(page.url()).pathname.startsWith("/oauth2/consent")) {
    await page.getByRole("button", { name: "Allow" }).click();
  }
  await page.waitForURL(/\/portal\//);
  await page.getByTestId("open-record").waitFor();
}

/**
 * Another SMART app, registered for this test, authorized by the same signed-in browser (consent page, Allow).
 * The app's redirect URI is a small HTTP server of this test on a loopback port, so that the browser's redirect
 * lands on a real page (a redirect to a port where nothing listens ends on Chromium's error page, whose late
 * navigation can interrupt the test's next one); the code is exchanged here, as the app's back end would.
 */
async function authorizeOtherApp(page, name) {
  const app = await otherAppServer();
  try {
    const callback = `${app.origin}/diary-${randomBytes(4).toString("hex")}/callback`;
    const scope = "openid fhirUser launch/patient patient/*.rs";
    const registered = await fetch(`${BASE_URL}/connect/register`, {
      method: "POST",
      headers: { Authorization: `Bearer ${await adminToken("client.create")}`, "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({ client_name: name, redirect_uris: [callback], grant_types: ["authorization_code", "refresh_token"],
        response_types: ["code"], token_endpoint_auth_method: "none", scope }),
    });
    const client = await registered.json();
    assert.equal(registered.status, 201, JSON.stringify(client));
    const verifier = randomBytes(32).toString("base64url");
    const authorize = new URL(`${BASE_URL}/oauth2/authorize`);
    Object.entries({ response_type: "code", client_id: client.client_id, redirect_uri: callback, scope, state: "other-app",
      aud: `${BASE_URL}/fhir`, code_challenge: createHash("sha256").update(verifier).digest("base64url"), code_challenge_method: "S256" })
      .forEach(([k, v]) => authorize.searchParams.set(k, v));
    await page.goto(authorize.href);
    await page.waitForURL(/\/oauth2\/consent/);
    await page.getByRole("button", { name: "Allow" }).click();
    await page.waitForURL((url) => url.href.startsWith(callback), { waitUntil: "load" });
    await page.getByText("the other app").waitFor();
    const redirected = new URL(page.url());
    assert.equal(redirected.searchParams.get("state"), "other-app");
    const code = redirected.searchParams.get("code");
    assert.ok(code, "the other app got a code");
    assert.deepEqual(app.received(), [`${redirected.pathname}${redirected.search}`], "the browser's redirect reached the other app");
    const tokens = await fetch(`${BASE_URL}/oauth2/token`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ grant_type: "authorization_code", code, redirect_uri: callback, client_id: client.client_id, code_verifier: verifier }),
    });
    const body = await tokens.json();
    assert.equal(tokens.status, 200, JSON.stringify(body));
    return { clientId: client.client_id, accessToken: body.access_token };
  } finally {
    await app.close();
  }
}

/** The other app's web server on a free loopback port: answers every request with a page, and remembers its paths. */
async function otherAppServer() {
  const paths = [];
  const server = createServer((request, response) => {
    paths.push(request.url);
    response.writeHead(200, { "Content-Type": "text/plain; charset=utf-8", Connection: "close" });
    response.end("the other app");
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    origin: `http://127.0.0.1:${server.address().port}`,
    received: () => paths.filter((p) => p !== "/favicon.ico"),
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve); }),
  };
}

// --- the server's admin API, for accounts of these tests ---------------------------------------------------------

function fhirGet(path, token) {
  return fetch(`${BASE_URL}/fhir/${path}`, { headers: { Authorization: `Bearer ${token}`, Accept: "application/fhir+json" } });
}

// --- the tab's SMART state ---------------------------------------------------------------------------------------

function smartState(page) {
  return page.evaluate(() => {
    const key = JSON.parse(sessionStorage.getItem("SMART_KEY") ?? "null");
    return key ? JSON.parse(sessionStorage.getItem(key) ?? "{}") : {};
  });
}

async function accessToken(page) {
  return (await smartState(page)).tokenResponse?.access_token;
}

async function tokenPatient(page) {
  return (await smartState(page)).tokenResponse?.patient;
}

/** The family name (last word of the name) of a picker's choice ("Mr. George Baker" over "Born 15 May 1984"), for a regular expression. */
function familyName(choice) {
  const words = choice.split(/[,\n]/)[0].trim().split(/\s+/);
  return words[words.length - 1].replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
