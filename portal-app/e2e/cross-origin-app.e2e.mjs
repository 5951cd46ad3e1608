// A third-party SMART app on another origin, in a real browser: a static page on its own loopback port uses the
// official SMART JavaScript client's browser build (fhirclient), launches standalone against the server, the demo
// patient signs in and allows it, the app exchanges its code at the token endpoint cross-origin (CORS) and reads
// the patient in context. The browser enforces the server's content security policies here (no bypass).
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import { join, dirname } from "node:path";
import { BASE_URL, DEMO_PATIENT, adminToken, openBrowser, photographFailure, screenshot } from "./portal.mjs";

const SCOPE = "openid fhirUser launch/patient patient/*.rs";
const FHIR_CLIENT = readFileSync(join(dirname(createRequire(import.meta.url).resolve("fhirclient/package.json")), "build", "fhir-client.js"));

/** The app's pages: launch.html starts the launch, callback.html completes it and shows the patient it read. */
function pages(clientId) {
  const launch = `<!doctype html><html lang="en"><title>Diary app</title><script src="/fhir-client.js"></script>
<script>FHIR.oauth2.authorize(${JSON.stringify({ iss: `${BASE_URL}/fhir`, clientId, scope: SCOPE, redirectUri: "callback.html" })});</script>`;
  const callback = `<!doctype html><html lang="en"><title>Diary app</title><main><h1>Diary app</h1><pre id="result">working</pre></main>
<script src="/fhir-client.js"></script>
<script>
FHIR.oauth2.ready()
  .then((client) => client.patient.read().then((patient) => ({ patient: client.patient.id, read: patient })))
  .then((outcome) => { document.getElementById("result").textContent = JSON.stringify(outcome); })
  .catch((e) => { document.getElementById("result").textContent = "failed: " + e.message; });
</script>`;
  return { "/app/launch.html": launch, "/app/callback.html": callback };
}

/** The app's static web server on a free loopback port: another origin than the FHIR server's. */
async function appServer(clientId) {
  const files = pages(clientId);
  const server = createServer((request, response) => {
    const path = new URL(request.url, "http://app").pathname;
    if (path === "/fhir-client.js") {
      response.writeHead(200, { "Content-Type": "text/javascript", Connection: "close" });
      response.end(FHIR_CLIENT);
    } else if (files[path]) {
      response.writeHead(200, { "Content-Type": "text/html; charset=utf-8", Connection: "close" });
      response.end(files[path]);
    } else {
      response.writeHead(404, { Connection: "close" }).end();
    }
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    origin: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve); }),
  };
}

/**
 * A public app registered through the API. A loopback redirect URI matches on any port (RFC 8252 section 7.3),
 * so the URI is registered before the app's server has its port.
 */
async function registerApp() {
  const registered = await fetch(`${BASE_URL}/connect/register`, {
    method: "POST",
    headers: { Authorization: `Bearer ${await adminToken("client.create")}`, "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify({ client_name: "Diary app", redirect_uris: ["http://127.0.0.1/app/callback.html"], grant_types: ["authorization_code"],
      response_types: ["code"], token_endpoint_auth_method: "none", scope: SCOPE }),
  });
  const client = await registered.json();
  assert.equal(registered.status, 201, JSON.stringify(client));
  return client.client_id;
}

describe("a browser app on another origin", () => {
  let browser;
  let page;
  let app;

  before(async () => {
    app = await appServer(await registerApp());
    browser = await openBrowser(undefined, { bypassCSP: false });
    page = browser.page;
  });

  after(async () => {
    try {
      await browser?.close();
    } finally {
      await app?.close();
    }
  });

  test("launches standalone with fhirclient, gets its token cross-origin and reads the patient", () => photographFailure(page, "cross-origin-app", async () => {
    const tokenRequests = [];
    page.on("requestfinished", async (request) => {
      if (request.url() === `${BASE_URL}/oauth2/token` && request.method() === "POST") {
        const response = await request.response();
        tokenRequests.push({ origin: await request.headerValue("origin"), status: response.status(), allowOrigin: await response.headerValue("access-control-allow-origin") });
      }
    });
    await page.goto(`${app.origin}/app/launch.html`);
    await page.waitForURL(/\/login$/);
    await page.getByLabel(/username/i).fill(DEMO_PATIENT.username);
    await page.getByLabel(/password/i).fill(DEMO_PATIENT.password);
    await page.getByRole("button", { name: /sign in/i }).click();
    await page.waitForURL(/\/oauth2\/consent/);
    await page.getByRole("button", { name: "Allow" }).click();
    await page.waitForURL((url) => url.href.startsWith(`${app.origin}/app/callback.html`));
    await page.locator("#result").filter({ hasNotText: /^working$/ }).waitFor();

    for (const deadline = Date.now() + 10_000; tokenRequests.length === 0 && Date.now() < deadline;) {
      await new Promise((resolve) => setTimeout(resolve, 50)); // the request listener records asynchronously
    }
    const result = await page.locator("#result").innerText();
    assert.doesNotMatch(result, /^failed/, result);
    const outcome = JSON.parse(result);
    assert.equal(outcome.read.resourceType, "Patient");
    assert.equal(outcome.read.id, outcome.patient, "the app read the patient in context");
    assert.deepEqual(tokenRequests, [{ origin: app.origin, status: 200, allowOrigin: tokenRequests[0]?.allowOrigin ?? null }]);
    assert.ok(["*", app.origin].includes(tokenRequests[0].allowOrigin), `the token response allows the app's origin: ${tokenRequests[0].allowOrigin}`);
    assert.notEqual(new URL(app.origin).port, new URL(BASE_URL).port, "the app runs on another origin than the server");
    await screenshot(page, "cross-origin-app");
  }));
});
