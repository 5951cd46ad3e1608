// Every screen of the portal, on a desktop and on a 390x844 phone, as the demo patient and the demo caregiver: the
// sign-in, consent (and picker), each screen through the menu (axe-core, no sideways scroll at 360 px, a screenshot
// kept as build output), booking a free time named by clinician, place and visit type, its calendar file, a message to
// the care team, and the access log in plain words. The analyst's dashboard is walked by analyst.e2e.mjs.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { DEMO_CAREGIVER, DEMO_PATIENT, DESKTOP, PHONE, SCREENS, checkScreen, openBrowser, openMenu, openScreen, photographFailure,
  signIn } from "./portal.mjs";

const DEVICES = [["desktop", DESKTOP], ["phone", PHONE]];

function slug(label) {
  return label.toLowerCase().replace(/[^a-z]+/g, "-").replace(/-$/, "");
}

for (const [device, viewport] of DEVICES) {
  for (const [person, account] of [["patient", DEMO_PATIENT], ["caregiver", DEMO_CAREGIVER]]) {
    describe(`the ${person} on a ${device}`, () => {
      let browser;
      let page;
      before(async () => {
        browser = await openBrowser(viewport);
        page = browser.page;
      });
      after(async () => {
        assert.deepEqual(browser.problems, [], "the app raised no uncaught error");
        await browser.close();
      });
      const pageTest = (name, shot, body) => test(name, () => photographFailure(page, `walk-${device}-${person}-${shot}`, body));

      pageTest("signs in and opens every screen through the menu", "screens", async () => {
        await signIn(page, account);
        if (device === "phone") {
          await checkPhoneMenu(page);
        }
        for (const [label, heading] of SCREENS) {
          await openScreen(page, label, heading);
          if (device === "phone") {
            assert.equal(await page.getByRole("button", { name: /^Menu/ }).getAttribute("aria-expanded"), "false", "choosing a screen folds the menu");
          }
          await checkScreen(page, `${label} screen of the ${person} on a ${device}`, `walk-${device}-${person}-${slug(label)}`);
        }
      });

      if (person === "patient") {
        pageTest("finds free times named by who, where and what, books one, saves it to a calendar and cancels it", "booking", async () => {
          await bookAddToCalendarAndCancel(page, device);
        });

        pageTest("writes to the care team", "message", async () => {
          await openScreen(page, "Messages");
          const subject = `Walk on a ${device} (${Date.now()})`;
          await page.getByLabel("About").selectOption("appointment");
          await page.getByLabel("Subject").fill(subject);
          await page.getByLabel("Message", { exact: true }).fill("Can I bring my daughter to the visit?");
          await page.getByRole("button", { name: "Send message" }).click();
          await page.locator("form.reply").getByRole("status").filter({ hasText: "Your message was sent." }).waitFor();
          await page.getByRole("link", { name: subject }).click();
          await page.getByRole("heading", { level: 1, name: subject }).waitFor();
          await checkScreen(page, `message thread on a ${device}`, `walk-${device}-patient-message`);
        });

        pageTest("reads who saw the record in plain words", "access-log", async () => {
          await openScreen(page, "Who saw my record");
          const log = page.getByTestId("access-log");
          await log.waitFor();
          const text = await log.innerText();
          assert.match(text, /You viewed your .+(once|twice|\d+ times)/, "reads told as sentences");
          assert.match(text, /Using Patient portal/);
          assert.doesNotMatch(text, /\b[A-Z][A-Za-z]+\/[\w.-]+/, "no FHIR references");
          assert.doesNotMatch(text.replace(/\b20\d\d\b|\d+ times/g, ""), /\b\d{3,}\b/, "no ids");
          // one entry per visit, not per screen load: the walk read the record many times
          assert.ok(await page.getByTestId("access-visit").count() < 10, "reads are grouped into visits");
          await checkScreen(page, `access log on a ${device}`, `walk-${device}-patient-access-log`);
        });
      }
    });
  }
}

/** On a phone: header and folded menu take little room; the Menu button works with the keyboard and says whether it is open. */
async function checkPhoneMenu(page) {
  const mainTop = await page.locator("main").evaluate((m) => m.getBoundingClientRect().top);
  assert.ok(mainTop <= 180, `header and menu take ${mainTop} of 844 px`);
  const toggle = page.getByRole("button", { name: /^Menu/ });
  assert.equal(await toggle.getAttribute("aria-expanded"), "false");
  assert.equal(await page.getByRole("navigation", { name: "Portal" }).getByRole("link", { name: "Results" }).isVisible(), false);
  await toggle.focus();
  await page.keyboard.press("Enter");
  assert.equal(await toggle.getAttribute("aria-expanded"), "true");
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), "Home", "the first link follows the button");
  await page.keyboard.press("Escape");
  assert.equal(await toggle.getAttribute("aria-expanded"), "false");
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute("aria-controls")), "portal-menu", "Escape returns to the button");
  await openMenu(page);
}

async function bookAddToCalendarAndCancel(page, device) {
  await openScreen(page, "Appointments");
  // from three days on: a patient may not cancel within 24 hours of the start
  const threeDaysOn = new Date(Date.now() + 3 * 24 * 3600 * 1000).toISOString().slice(0, 10);
  await page.getByLabel("From").fill(threeDaysOn);
  await page.getByRole("button", { name: "Find free times" }).click();
  const free = page.getByRole("list", { name: "Free times" });
  await free.waitFor();
  const days = free.getByRole("heading", { level: 3 });
  assert.ok(await days.count() >= 3, "free times of several days of the window, grouped by day");
  const names = await free.getByRole("button", { name: /^Book / }).evaluateAll((buttons) => buttons.map((b) => b.textContent));
  assert.equal(new Set(names).size, names.length, `every free time has its own name: ${names.join(" | ")}`);
  for (const name of names) {
    assert.match(name, /^Book \w+day, \w+ \d+, .+, with Dr\. .+, at .+, .+/, "day, time, clinician, place and visit type");
    assert.doesNotMatch(name, /Schedule\/|Practitioner\/|Location\//);
  }
  const firstDay = free.locator("li.free-day").first();
  const before = await firstDay.getByRole("button", { name: /^Book / }).count();
  await firstDay.getByRole("button", { name: /^More times on / }).click();
  await page.waitForFunction(([n]) => document.querySelector("ul.free-days > li ul.slots").children.length > n, [before]);
  await checkScreen(page, `free times on a ${device}`, `walk-${device}-patient-free-times`);

  await free.getByRole("button", { name: /^Book / }).first().click();
  const booked = page.getByText(/^Booked: /);
  await booked.waitFor();
  const when = (await booked.innerText()).replace(/^Booked: /, "").replace(/\.$/, "");
  const card = page.getByTestId("upcoming-appointment").filter({ has: page.getByRole("heading", { name: when }) }).first();
  await card.waitFor();
  assert.match(await card.getByTestId("appointment-what").innerText(), /\S with Dr\. /);
  assert.ok((await card.getByTestId("appointment-where").innerText()).length > 3, "the place is named");
  assert.equal(await card.getByTestId("appointment-status").innerText(), "Booked");

  const download = page.waitForEvent("download");
  await card.getByRole("button", { name: `Add to calendar: appointment of ${when}` }).click();
  const file = await download;
  assert.match(file.suggestedFilename(), /^appointment-\d{4}-\d{2}-\d{2}\.ics$/);
  const ics = readFileSync(await file.path(), "utf8");
  assert.ok(ics.startsWith("BEGIN:VCALENDAR\r\n") && ics.endsWith("END:VCALENDAR\r\n"), "a calendar with CRLF line ends");
  assert.doesNotMatch(ics.replace(/\r\n/g, ""), /[\r\n]/, "no bare line breaks");
  assert.match(ics, /\r\nUID:appointment-[\w-]+@[\w.:-]+\r\n/);
  assert.match(ics, /\r\nDTSTART:\d{8}T\d{6}Z\r\n/);
  assert.match(ics, /\r\nSUMMARY:.* with Dr\. /);
  for (const line of ics.split("\r\n")) {
    assert.ok(Buffer.byteLength(line) <= 75, `folded at 75 octets: ${line}`);
  }
  await checkScreen(page, `booked appointment on a ${device}`, `walk-${device}-patient-booked`);

  await card.getByRole("button", { name: `Cancel appointment of ${when}` }).click();
  await page.getByText(`Your appointment of ${when} is cancelled.`).waitFor();
  await page.getByTestId("past-appointments").getByTestId("appointment-status").filter({ hasText: /^Cancelled$/ }).first().waitFor();
  const past = await page.getByTestId("past-appointments").innerText();
  assert.doesNotMatch(past, /\b(fulfilled|noshow|booked|cancelled)\b/, "statuses in words");
}
