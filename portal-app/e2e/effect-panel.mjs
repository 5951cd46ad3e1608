// The demo analyst reads the effect of portal use on the dashboard (portal/#/analytics) in a real browser: a forest
// plot of the estimates per outcome with the naive difference beside each, the event study with its band and its
// placebo months, and the reading guide; by keyboard, as text, and on a phone-sized screen. Part of analyst.e2e.mjs
// (one sign-in with a second factor per server); the server's demo has a history large enough for figures, with a
// planted no-show effect (hapi-server's PortalBrowserTest).
import assert from "node:assert/strict";
import { join } from "node:path";
import { checkAccessibility, screenshot, SCREENSHOTS } from "./portal.mjs";

const FIGURE = /[−+]?\d\.\d{3}/;

async function panelShown(page) {
  await page.getByTestId("forest-plot").waitFor();
  await page.getByTestId("event-study").or(page.getByTestId("effect-panel").getByRole("alert")).waitFor();
}

function row(page, outcome) {
  return page.locator(`.forest-row[data-outcome="${outcome}"]`);
}

/** The effect panel's tests, for a page on which the analyst is signed in to the dashboard. */
export function effectPanelTests(pageTest) {
  pageTest("sees a forest plot with figures, the event study with its band and placebo months, and the reading guide", "analyst-effect", async (page) => {
    await panelShown(page);

    const noShow = row(page, "no-show");
    const figures = await noShow.getByTestId("forest-figures").innerText();
    console.log(`no-show as shown: ${figures}`);
    assert.match(figures, new RegExp(`^Estimate ${FIGURE.source} \\(95% interval ${FIGURE.source} to ${FIGURE.source}\\) · naive difference ${FIGURE.source}`));
    assert.equal(await noShow.locator("rect.estimate").count(), 1, "the estimate is drawn");
    assert.equal(await noShow.locator("line.ci").count(), 3, "its interval is drawn, with end caps");
    assert.equal(await noShow.locator("path.naive").count(), 1, "the naive difference is drawn beside it");
    assert.match(await noShow.locator("svg").getAttribute("aria-label"), /^Missed appointments: estimate [−+]\d\.\d{3}, 95% interval/);
    for (const outcome of ["refill-adherence", "lab-follow-up", "hba1c-change"]) {
      const shown = await row(page, outcome).getByTestId("forest-figures").count();
      const said = shown ? "" : await row(page, outcome).getByTestId("forest-message").innerText();
      assert.ok(shown === 1 || /^(Not available: |Not shown: fewer than 11|No estimate: )/.test(said),
        `${outcome}: figures, or a plain message (got "${said}")`);
    }

    const study = page.getByTestId("event-study");
    const points = await study.locator("circle.point").count();
    assert.ok(points >= 3, `at least three event-study points, got ${points}`);
    assert.ok(await study.locator("circle.placebo-point").count() >= 1, "months before adoption are shown as the placebo check");
    assert.ok(await study.locator("path.ci-band").count() >= 1, "the confidence band is drawn");
    assert.equal(await study.locator("line.zero").count(), 1, "the zero line");
    assert.equal(await study.locator("rect.placebo").count(), 1, "the pre-adoption months are marked");
    assert.match(await study.getByTestId("did-overall").innerText(), FIGURE);

    const guide = page.getByTestId("reading-guide");
    await guide.getByRole("heading", { name: "How to read these figures" }).waitFor();
    assert.match(await guide.innerText(), /What it does not prove:/);
    assert.match(await guide.locator("details").textContent(), /Parallel trends/, "the server's assumptions are listed");

    await checkAccessibility(page, "effect panel");
    await screenshot(page, "analyst-effect");
    await page.getByTestId("effect-panel").screenshot({ path: join(SCREENSHOTS, "analyst-effect-panel.png") });
  });

  pageTest("reaches the figures by keyboard and reads them as tables", "analyst-effect-keyboard", async (page) => {
    const summary = page.getByText("Figures of the event study", { exact: true });
    let focused = false;
    for (let presses = 0; presses < 80 && !focused; presses++) {
      await page.keyboard.press("Tab");
      focused = await summary.evaluate((el) => el === document.activeElement);
    }
    assert.ok(focused, "the event study's figures are reached with the Tab key");
    await page.keyboard.press("Enter");
    const table = page.getByTestId("event-study-table");
    await table.waitFor();
    assert.ok(await table.locator("tbody tr").filter({ hasText: "(placebo)" }).count() >= 1, "placebo months are named");
    assert.match(await table.locator("tbody").innerText(), FIGURE);

    await page.getByText("Figures of the forest plot", { exact: true }).click();
    const forest = page.getByTestId("forest-table");
    assert.match(await forest.locator("tr").filter({ hasText: "Missed appointments" }).innerText(), new RegExp(`${FIGURE.source}\\s+${FIGURE.source} to`));
    assert.equal(await forest.locator("tbody tr").count(), 4, "one row per outcome asked for");
    await checkAccessibility(page, "effect panel with its tables open");
  });

  pageTest("changes the event study's outcome and the exposure definition", "analyst-effect-filters", async (page) => {
    await page.getByLabel("Outcome of the event study").selectOption("hba1c-change");
    await page.getByTestId("event-study").filter({ hasText: "HbA1c" }).or(page.getByTestId("effect-panel").getByRole("alert")).waitFor();
    const refused = await page.getByTestId("effect-panel").getByRole("alert").count();
    if (refused) {
      assert.match(await page.getByTestId("effect-panel").getByRole("alert").innerText(), /^No event study for “Change in HbA1c”\. (Not available|No estimate): /);
    }
    await page.getByLabel("Outcome of the event study").selectOption("no-show");
    await page.getByLabel("Active user").selectOption("0.5");
    await page.getByRole("status").filter({ hasText: /^Loading/ }).first().waitFor({ state: "detached" }).catch(() => {});
    await panelShown(page);
    assert.match(await row(page, "no-show").getByTestId("forest-figures").innerText(), /^Estimate /);
  });

  pageTest("fits a 390 px wide screen without scrolling sideways", "analyst-effect-narrow", async (page) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await panelShown(page);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `the page is ${width} px wide`);
    await checkAccessibility(page, "effect panel at 390 px");
    await screenshot(page, "analyst-effect-390");
  });
}
