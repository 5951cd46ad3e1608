// The demo patient's secure messages with files: an unread letter from the care team (which PortalBrowserTest sends
// before this runs) is marked, opened, downloaded and so read; the patient writes with an image attached, sees it in
// the thread and downloads it; files the server would refuse are refused in the form already.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { BASE_URL, checkAccessibility, openBrowser, openScreen, photographFailure, screenshot, signIn } from "./portal.mjs";

/** The letter's subject, as PortalBrowserTest writes it (PORTAL_UNREAD_TOPIC). */
const LETTER_TOPIC = process.env.PORTAL_UNREAD_TOPIC ?? "Your letter from the practice";
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64");

function thread(page, topic) {
  return page.getByTestId("thread").filter({ has: page.getByRole("link", { name: new RegExp(`^${topic}`) }) });
}

async function downloaded(page, button) {
  const [download] = await Promise.all([page.waitForEvent("download"), button.click()]);
  return { name: download.suggestedFilename(), bytes: readFileSync(await download.path()) };
}

describe("the demo patient's messages with attachments", () => {
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

  pageTest("sees the care team's new letter marked unread, opens it, downloads its PDF, and it is read", "message-read", async () => {
    await signIn(page);
    await openScreen(page, "Messages");
    const letter = thread(page, LETTER_TOPIC);
    await letter.waitFor();
    assert.equal(await letter.getAttribute("data-unread"), "1");
    assert.match(await letter.getByTestId("unread-badge").innerText(), /1 unread/);
    await checkAccessibility(page, "messages with an unread thread");

    await letter.getByRole("link").click();
    await page.getByRole("heading", { level: 1, name: LETTER_TOPIC }).waitFor();
    const message = page.locator('[data-testid="message"][data-new="true"]');
    await message.waitFor();
    const attachment = message.getByTestId("attachment");
    const pdf = await downloaded(page, attachment.getByRole("button", { name: "Download letter.pdf" }));
    assert.equal(pdf.name, "letter.pdf");
    assert.equal(pdf.bytes.subarray(0, 5).toString("latin1"), "%PDF-");
    await checkAccessibility(page, "thread with an attachment");
    await screenshot(page, "patient-message-attachment");

    await page.getByRole("link", { name: "Back to messages" }).click();
    await page.getByRole("heading", { level: 1, name: "Messages" }).waitFor();
    await assertRead(page);
    await page.reload();
    await page.getByRole("heading", { level: 1, name: "Messages" }).waitFor();
    await assertRead(page);
  });

  pageTest("refuses a file of another type and a file over 5 MB before sending", "attachment-refused", async () => {
    await openScreen(page, "Messages");
    const field = page.getByLabel(/^Attach a file/);
    await field.setInputFiles({ name: "setup.exe", mimeType: "application/x-msdownload", buffer: Buffer.from("MZ") });
    assert.match(await page.getByRole("alert").innerText(), /setup\.exe cannot be attached: only PDF, PNG, JPEG or text/);
    await field.setInputFiles({ name: "scan.pdf", mimeType: "application/pdf", buffer: Buffer.alloc(5 * 1024 * 1024 + 1, 0x25) });
    assert.match(await page.getByRole("alert").innerText(), /scan\.pdf is too large to attach .* the limit is 5\.0 MB/);
    await checkAccessibility(page, "message form with a refused file");
  });

  pageTest("writes to the care team with an image attached and sees it in the thread", "message-attachment", async () => {
    await openScreen(page, "Messages");
    const subject = `A photo of the rash ${Date.now()}`;
    await page.getByLabel("Subject", { exact: true }).fill(subject);
    await page.getByLabel("Message", { exact: true }).fill("Here is how it looks today.");
    await page.getByLabel(/^Attach a file/).setInputFiles({ name: "rash.png", mimeType: "image/png", buffer: PNG });
    await page.getByRole("button", { name: "Send message" }).click();
    await page.getByRole("status").filter({ hasText: "Your message was sent." }).waitFor();
    await thread(page, subject).getByRole("link").click();
    await page.getByRole("heading", { level: 1, name: subject }).waitFor();
    const attachment = page.getByTestId("attachment");
    await attachment.getByRole("img", { name: "Attached image rash.png" }).waitFor();
    const png = await downloaded(page, attachment.getByRole("button", { name: "Download rash.png" }));
    assert.deepEqual(png.bytes, PNG, "the file comes back byte for byte");
    await checkAccessibility(page, "thread with an image");
    await screenshot(page, "patient-message-image");
  });
});

/** The letter is listed as read: at once after a reload, or once the read receipts are in (the list refreshes). */
async function assertRead(page) {
  const letter = thread(page, LETTER_TOPIC);
  await letter.waitFor();
  await page.locator('[data-testid="thread"][data-unread="0"]').filter({ has: page.getByRole("link", { name: new RegExp(`^${LETTER_TOPIC}`) }) })
    .waitFor({ timeout: 30_000 });
  assert.equal(await letter.getByTestId("unread-badge").count(), 0);
}
