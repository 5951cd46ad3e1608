// The server's own pages (sign-in, second step, consent, patient pickers) in a real browser, on a desktop and on a
// 390x844 phone: the organization's name and colour from the server's branding (read from its SMART style
// document, as the portal does), visible labels, consent in patients' words with the technical scope behind a
// disclosure, birth dates in words, axe-core with no serious or critical violation, no horizontal scroll at 360 px,
// and a screenshot of each page. One test runs the pages under their content security policy (no bypass).
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { BASE_URL, DEMO_CAREGIVER as CAREGIVER, DESKTOP, PHONE, TEST_PASSWORD, adminToken, assertNoHorizontalScrollAt360, checkAccessibility,
  createAccount, openBrowser, photographFailure, screenshot, secondStep } from "./portal.mjs";

const VIEWPORTS = [["desktop", DESKTOP], ["phone", PHONE]];

/** The branding the server publishes (smart.auth.branding.*): name and colour the pages must show. */
async function branding() {
  const style = await (await fetch(`${BASE_URL}/smart-style.json`)).json();
  return { name: style.portal_organization_name, colour: style.color_highlight };
}

/** A new Patient record without an account, and an activation code for it (the administrators' API). */
async function activationCode() {
  const created = await fetch(`${BASE_URL}/fhir/Patient`, {
    method: "POST",
    headers: { Authorization: `Bearer ${await adminToken("system/*.cruds")}`, "Content-Type": "application/fhir+json", Accept: "application/fhir+json" },
    body: JSON.stringify({ resourceType: "Patient", name: [{ family: "Activation", given: ["Ari"] }] }),
  });
  const patient = await created.json();
  assert.equal(created.status, 201, JSON.stringify(patient));
  const issued = await fetch(`${BASE_URL}/api/admin/activation-codes`, {
    method: "POST",
    headers: { Authorization: `Bearer ${await adminToken("user.admin")}`, "Content-Type": "application/json" },
    body: JSON.stringify({ patient: patient.id }),
  });
  const body = await issued.json();
  assert.equal(issued.status, 201, JSON.stringify(body));
  return body.code;
}

function rgb(hex) {
  const n = parseInt(hex.slice(1), 16);
  return `rgb(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255})`;
}

async function bannerColour(page) {
  return page.locator("header").first().evaluate((e) => getComputedStyle(e).backgroundColor);
}

/** The checks every server page passes: organization name and colour, axe, no sideways scroll, a screenshot. */
async function checkPage(page, what, shot, brand) {
  assert.match(await page.title(), new RegExp(`– ${brand.name}$`), `the ${what}'s title names the organization`);
  assert.equal(await page.locator("header .brand").innerText(), brand.name);
  assert.equal(await bannerColour(page), rgb(brand.colour), `the ${what}'s banner is in the organization's colour`);
  await checkAccessibility(page, what);
  await assertNoHorizontalScrollAt360(page, what);
  await screenshot(page, shot);
}

for (const [device, viewport] of VIEWPORTS) {
  describe(`the server's pages on a ${device}`, () => {
    let brand;
    before(async () => {
      brand = await branding();
    });

    test("a new patient signs in and consents in plain words, then the portal shows the organization", async () => {
      const browser = await openBrowser(viewport);
      const { page } = browser;
      await photographFailure(page, `pages-consent-${device}`, async () => {
        const account = await createAccount(`Pages${device}`);
        await page.goto(`${BASE_URL}/portal/`);
        await page.waitForURL(/\/login$/);
        await checkPage(page, "sign-in page", `pages-sign-in-${device}`, brand);
        await page.getByLabel("Username").fill(account.username);
        await page.getByLabel("Password").fill(account.password);
        await page.getByRole("button", { name: "Sign in" }).click();

        await page.waitForURL(/\/oauth2\/consent/);
        await checkPage(page, "consent page", `pages-consent-${device}`, brand);
        const appointments = page.getByLabel("Your appointments: book and cancel");
        assert.ok(await appointments.isChecked(), "each kind of data starts ticked");
        await page.getByLabel("Your messages: send and mark as read").waitFor();
        const scope = page.getByText("patient/Appointment.cu", { exact: true });
        assert.equal(await scope.isVisible(), false, "the technical scope is hidden until asked for");
        const main = await page.getByRole("main").innerText();
        assert.doesNotMatch(main, /\((Appointment|Communication|Task)\)|patient\//, "no FHIR type names or scopes on show");
        await page.getByRole("listitem").filter({ has: appointments }).getByText("Technical details").click();
        assert.ok(await scope.isVisible(), "the details show the scope");
        await page.getByRole("button", { name: "Allow" }).click();

        await page.waitForURL(/\/portal\//);
        await page.getByTestId("open-record").waitFor();
        assert.match(await page.getByTestId("brand").innerText(), new RegExp(`^${brand.name}`), "the portal names the organization");
        assert.equal(await bannerColour(page), rgb(brand.colour), "the portal's banner is in the organization's colour");
        assert.match(await page.title(), new RegExp(brand.name));
      });
      assert.deepEqual(browser.problems, []);
      await browser.close();
    });

    test("a patient activates their account with the code from their letter", async () => {
      const browser = await openBrowser(viewport);
      const { page } = browser;
      await photographFailure(page, `pages-activation-${device}`, async () => {
        const code = await activationCode();
        await page.goto(`${BASE_URL}/activate`);
        await checkPage(page, "activation page", `pages-activation-${device}`, brand);
        await page.getByLabel("Activation code").fill(code);
        await page.getByLabel("Choose a username").fill(`e2e-activated-${device}-${Date.now()}`);
        await page.getByLabel("Choose a password").fill(TEST_PASSWORD);
        await page.getByRole("button", { name: "Activate" }).click();
        await page.getByRole("heading", { level: 1, name: "Your account is ready" }).waitFor();
        await checkPage(page, "activation's confirmation", `pages-activated-${device}`, brand);
      });
      await browser.close();
    });

    test("the caregiver picks a patient by name and birth date in words", async () => {
      const browser = await openBrowser(viewport);
      const { page } = browser;
      await photographFailure(page, `pages-caregiver-picker-${device}`, async () => {
        await page.goto(`${BASE_URL}/portal/`);
        await page.waitForURL(/\/login$/);
        await page.getByLabel("Username").fill(CAREGIVER.username);
        await page.getByLabel("Password").fill(CAREGIVER.password);
        await page.getByRole("button", { name: "Sign in" }).click();
        await page.waitForURL(/\/oauth2\/patient-picker/);
        await checkPage(page, "caregiver's patient picker", `pages-caregiver-picker-${device}`, brand);
        const choices = page.getByRole("main").getByRole("button");
        assert.equal(await choices.count(), 2);
        for (const text of await choices.allInnerTexts()) {
          assert.match(text, /\nBorn \d{1,2} [A-Z][a-z]+ \d{4}$/, `a birth date in words: ${text}`);
        }
      });
      await browser.close();
    });

    test("a new practitioner enrols in the second step, then searches the patient picker", async () => {
      const browser = await openBrowser(viewport);
      const { page } = browser;
      await photographFailure(page, `pages-mfa-${device}`, async () => {
        const family = `Findme${device}`;
        await createAccount(family);
        const account = await createAccount(`Clinician${device}`, "PRACTITIONER");
        await page.goto(`${BASE_URL}/portal/`);
        await page.waitForURL(/\/login$/);
        await page.getByLabel("Username").fill(account.username);
        await page.getByLabel("Password").fill(account.password);
        await page.getByRole("button", { name: "Sign in" }).click();
        await page.waitForURL(/\/login\/mfa$/);
        await checkPage(page, "second-step page", `pages-mfa-${device}`, brand);
        await secondStep(page);

        await page.waitForURL(/\/oauth2\/patient-picker/);
        await checkPage(page, "practitioner's patient picker", `pages-practitioner-picker-${device}`, brand);
        await page.getByLabel("Patient name").fill(family);
        await page.getByRole("button", { name: "Search" }).click();
        await page.getByRole("main").getByRole("button", { name: `Erin ${family} Born 3 February 1980` }).waitFor();
        await checkPage(page, "practitioner's search results", `pages-practitioner-results-${device}`, brand);
      });
      await browser.close();
    });
  });
}

describe("the server's pages under their content security policy", () => {
  let browser;
  const violations = [];
  before(async () => {
    browser = await openBrowser(undefined, { bypassCSP: false });
    browser.page.on("console", (message) => /Content.Security.Policy/i.test(message.text()) && violations.push(message.text()));
  });
  after(async () => browser.close());

  test("the sign-in page loads its style sheet and breaks no rule", async () => {
    const { page } = browser;
    const brand = await branding();
    await photographFailure(page, "pages-csp", async () => {
      await page.goto(`${BASE_URL}/login`);
      assert.match(await page.title(), new RegExp(brand.name));
      assert.equal(await bannerColour(page), rgb(brand.colour), "the server's style sheet applies under the policy");
      assert.deepEqual(violations, [], "no content security policy violation");
    });
  });
});
