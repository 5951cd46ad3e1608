// The demo patient uses the portal in a real browser: every screen is checked with axe-core and photographed.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { BASE_URL, checkAccessibility, openBrowser, openScreen, photographFailure, screenshot, signIn } from "./portal.mjs";

describe("the demo patient", () => {
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

  pageTest("signs in with SMART and sees whose record is open and what is new", "home", async () => {
    await signIn(page);
    await page.getByRole("heading", { level: 1, name: "Welcome" }).waitFor();
    assert.match(await page.getByTestId("open-record").innerText(), /Record of\s+\S+/);
    await page.getByTestId("message-count").waitFor();
    assert.match(await page.getByTestId("message-count").innerText(), /^[1-9]\d* messages?/);
    const stored = await page.evaluate(() => ({ local: Object.keys(localStorage), session: Object.keys(sessionStorage) }));
    assert.deepEqual(stored.local, [], "nothing in local storage: tokens live in session storage only");
    assert.ok(stored.session.includes("SMART_KEY"), "the SMART client keeps its state in session storage");
    await checkAccessibility(page, "home screen");
    await screenshot(page, "patient-home");
  });

  pageTest("sees lab results with units, reference ranges and a trend chart per test", "lab-trend", async () => {
    await openScreen(page, "Results");
    const tests = page.getByTestId("lab-test");
    await tests.first().waitFor();
    assert.ok(await tests.count() >= 4, "the demo patient has at least four lab tests");
    const glucose = tests.filter({ has: page.getByRole("heading", { name: /glucose/i }) }).first();
    assert.match(await glucose.innerText(), /normal range\s+[\d.]+\s*[-–]\s*[\d.]+\s+\S+/);
    const chart = glucose.getByTestId("trend-chart");
    assert.match(await chart.getAttribute("aria-label"), /\d+ results from .+ to .+/);
    assert.ok(await chart.locator("circle").count() >= 3, "the trend has a point per result");
    // plain names from the IG's LOINC supplement, the full name one click away
    const headings = await tests.getByRole("heading", { level: 2 }).allInnerTexts();
    assert.ok(headings.includes("Glucose"), `plain test names, got ${headings.join("; ")}`);
    assert.ok(headings.every((h) => !h.includes("[Mass/volume]")), `no LOINC long name as a heading, got ${headings.join("; ")}`);
    const fullName = glucose.getByTestId("full-name");
    await fullName.getByText("Full name of this test").click();
    assert.match(await fullName.innerText(), /Glucose \[Mass\/volume\] in Serum or Plasma \(LOINC 2345-7\)/);
    await checkAccessibility(page, "results screen");
    await screenshot(page, "patient-lab-trend");
  });

  pageTest("opens medications and asks for a refill", "refill", async () => {
    await openScreen(page, "Medications");
    const prescription = page.getByTestId("prescription").first();
    await prescription.waitFor();
    await checkAccessibility(page, "medications screen");
    // The demo server is shared with other test classes: a request they made may already be pending, in which
    // case the app shows its status instead of the button.
    if (await prescription.getByTestId("refill-status").count() === 0) {
      await prescription.getByRole("button", { name: /Request a refill/ }).click();
    }
    await prescription.getByTestId("refill-status").waitFor();
    assert.match(await prescription.getByTestId("refill-status").innerText(), /sent|received|accepted/);
    await screenshot(page, "patient-refill");
  });

  pageTest("reads a discharge summary in the browser", "discharge-summary", async () => {
    await openScreen(page, "Visits & documents");
    await page.getByTestId("document").first().waitFor();
    await checkAccessibility(page, "visits screen");
    await page.getByTestId("document").first().getByRole("link").click();
    await page.getByTestId("document-text").waitFor();
    assert.match(await page.getByTestId("document-text").innerText(), /DISCHARGE SUMMARY[\s\S]*Hospital course/);
    await checkAccessibility(page, "document screen");
    await screenshot(page, "patient-discharge-summary");
  });

  pageTest("reads a message thread and answers it", "message-reply", async () => {
    await openScreen(page, "Messages");
    await page.getByTestId("thread").first().waitFor();
    await checkAccessibility(page, "messages screen");
    await page.getByRole("link", { name: "Lab results" }).click();
    await page.getByRole("heading", { level: 1, name: "Lab results" }).waitFor();
    const before = await page.getByTestId("message").count();
    assert.ok(before >= 3, "the demo thread has three messages");
    const answer = `Thank you, I will fast before the next test. (${Date.now()})`;
    await page.getByLabel("Your reply").fill(answer);
    await page.getByRole("button", { name: "Send reply" }).click();
    const outcome = page.locator("form.reply").getByRole("status").or(page.locator("form.reply").getByRole("alert"));
    await outcome.waitFor();
    assert.equal(await outcome.innerText(), "Your reply was sent.");
    await page.getByTestId("message").filter({ hasText: answer }).waitFor();
    assert.equal(await page.getByTestId("message").count(), before + 1);
    assert.match(await page.getByTestId("message").last().innerText(), /^You,/);
    assert.equal(await page.getByLabel("Your reply").inputValue(), "", "the sent draft is cleared");
    await checkAccessibility(page, "message thread");
    await screenshot(page, "patient-message-reply");
  });

  pageTest("writes a new message to the care team", "new-message", async () => {
    await openScreen(page, "Messages");
    const subject = `Question about my tablets (${Date.now()})`;
    await page.getByLabel("About").selectOption("medication");
    await page.getByLabel("Subject").fill(subject);
    await page.getByLabel("Message", { exact: true }).fill("Should I take my tablets with food?");
    await page.getByRole("button", { name: "Send message" }).click();
    const outcome = page.locator("form.reply").getByRole("status").or(page.locator("form.reply").getByRole("alert"));
    await outcome.waitFor();
    assert.equal(await outcome.innerText(), "Your message was sent.");
    await page.getByRole("link", { name: subject }).click();
    await page.getByRole("heading", { level: 1, name: subject }).waitFor();
    assert.equal(await page.getByTestId("message").count(), 1);
    assert.match(await page.getByTestId("message").first().innerText(), /^You,[\s\S]*with food\?/);
    await screenshot(page, "patient-new-message");
  });

  pageTest("moves through the portal with the keyboard alone", "keyboard", async () => {
    await openScreen(page, "Home", "Welcome");
    await page.locator("a.skip").focus();
    assert.ok((await page.locator("a.skip").boundingBox()).x >= 0, "the skip link shows when focused");
    await page.keyboard.press("Enter");
    assert.equal(await page.evaluate(() => document.activeElement?.tagName), "H1", "skip link moves focus to the content");
    await page.locator("a.skip").focus();
    for (let i = 0; i < 15 && (await page.evaluate(() => document.activeElement?.textContent)) !== "Results"; i++) {
      await page.keyboard.press("Tab");
    }
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { level: 1, name: "Results" }).waitFor();
    await page.waitForFunction(() => document.activeElement?.tagName === "H1");
    const summary = page.locator("details").first();
    await summary.locator("summary").focus();
    await page.keyboard.press("Enter");
    assert.equal(await summary.getAttribute("open"), "", "a table of values opens from the keyboard");
    await screenshot(page, "patient-keyboard");
  });

  pageTest("books a free slot and cancels it again", "appointments", async () => {
    await openScreen(page, "Appointments");
    await page.getByRole("heading", { level: 2, name: "Upcoming" }).waitFor();
    assert.ok(await page.getByTestId("upcoming-appointment").count() >= 1, "the demo patient has a booked appointment");
    await checkAccessibility(page, "appointments screen");
    // from three days on: a patient may not cancel within 24 hours of the start, and tomorrow's first free time is
    // inside that window for a run in the afternoon
    const threeDaysOn = new Date(Date.now() + 3 * 24 * 3600 * 1000).toISOString().slice(0, 10);
    await page.getByLabel("From").fill(threeDaysOn);
    await page.getByRole("button", { name: "Find free times" }).click();
    const free = page.getByRole("list", { name: "Free times" });
    await free.waitFor();
    await checkAccessibility(page, "free times");
    await free.getByRole("button", { name: /^Book / }).first().click();
    const booked = page.getByText(/^Booked: /);
    await booked.waitFor();
    const when = (await booked.innerText()).replace(/^Booked: /, "").replace(/\.$/, "");
    await screenshot(page, "patient-appointment-booked");
    const cancel = page.getByRole("button", { name: `Cancel appointment of ${when}` });
    await cancel.first().waitFor();
    const before = await cancel.count();
    await cancel.first().click();
    await page.getByText(`Your appointment of ${when} is cancelled.`).waitFor();
    await page.waitForFunction(([name, n]) => [...document.querySelectorAll("button")].filter((b) => b.getAttribute("aria-label") === name).length === n,
      [`Cancel appointment of ${when}`, before - 1]);
    await screenshot(page, "patient-appointments");
  });

  pageTest("opens who saw the record", "access-log", async () => {
    await openScreen(page, "Who saw my record");
    await page.getByTestId("access-log").waitFor();
    // this session's own reads, by the portal app
    assert.match(await page.getByTestId("access-log").innerText(), /Patient portal/);
    await checkAccessibility(page, "access log screen");
    await screenshot(page, "patient-access-log");
  });

  pageTest("keeps what was typed when the session ends and sign-in is needed again", "session-renewed", async () => {
    await openScreen(page, "Messages");
    await page.getByRole("link", { name: "Lab results" }).click();
    const draft = `A question I am still writing (${Date.now()})`;
    await page.getByLabel("Your reply").fill(draft);
    // the server stops accepting the tab's access token, as when it expires
    const revoked = await page.evaluate(async (base) => {
      const key = JSON.parse(sessionStorage.getItem("SMART_KEY"));
      const state = JSON.parse(sessionStorage.getItem(key));
      const form = new URLSearchParams({ token: state.tokenResponse.access_token, client_id: state.clientId });
      return (await fetch(`${base}/oauth2/revoke`, { method: "POST", body: form })).status;
    }, BASE_URL);
    assert.equal(revoked, 200);
    const tokenBefore = await accessToken(page);
    const authorizations = [];
    const onRequest = (request) => new URL(request.url()).pathname === "/oauth2/authorize" && authorizations.push(request.url());
    page.on("request", onRequest);
    await page.reload();
    // the app goes through the authorization server (the browser is still signed in there) and comes back
    await page.waitForURL((url) => url.pathname === "/portal/" && url.hash.startsWith("#/messages/"));
    await page.getByLabel("Your reply").waitFor();
    assert.equal(await page.getByLabel("Your reply").inputValue(), draft);
    page.off("request", onRequest);
    assert.equal(authorizations.length, 1, "the app went through the authorization server once");
    assert.notEqual(await accessToken(page), tokenBefore, "the app holds a new access token");
    await screenshot(page, "patient-session-renewed");
  });

  pageTest("signs out and is back at the sign-in page", "sign-out", async () => {
    await openScreen(page, "Home", "Welcome");
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(/\/login$/);
    // the app already started a new sign-in (its new state holds no token yet)
    assert.equal(await accessToken(page), undefined, "the tab forgot its tokens");
    await screenshot(page, "patient-signed-out");
  });
});

/** The access token the SMART client keeps in this tab's session storage. */
function accessToken(page) {
  return page.evaluate(() => {
    const key = JSON.parse(sessionStorage.getItem("SMART_KEY") ?? "null");
    return key ? JSON.parse(sessionStorage.getItem(key) ?? "{}").tokenResponse?.access_token : undefined;
  });
}

describe("on a phone-sized screen", () => {
  test("the menu and the results fit without sideways scrolling", async () => {
    const browser = await openBrowser({ width: 375, height: 740 });
    try {
      await signIn(browser.page);
      await openScreen(browser.page, "Results");
      await browser.page.getByTestId("trend-chart").first().waitFor();
      const overflow = await browser.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `the page is ${overflow}px wider than the screen`);
      await checkAccessibility(browser.page, "results screen on a phone");
      await screenshot(browser.page, "phone-results");
    } finally {
      await browser.close();
    }
  });
});
