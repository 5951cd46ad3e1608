"use strict";
/*
 * A standalone SMART launch driven by the official SMART JavaScript client (fhirclient), against a running
 * FHIR Portal Server. The app side is fhirclient's Node adapter (authorize() and ready()) on fake request and
 * response objects: the app never listens on a port, its redirect URI is only a URL this script recognises.
 * The browser side is played by this script: it follows redirects with a cookie, fills the sign-in form and
 * submits the consent form as offered, until the server redirects to the app's redirect URI.
 *
 * Input (environment): FHIR_BASE, CLIENT_ID, REDIRECT_URI, SCOPE, USERNAME, PASSWORD.
 * Output: one JSON line {"patient": <id from launch context>, "read": <Patient resource read with the token>,
 * "scope": <granted scope>}; exit status 0 only when the read succeeded.
 */
const smart = require("fhirclient");

const env = name => {
    const value = process.env[name];
    if (!value) {
        throw new Error(`environment variable ${name} is required`);
    }
    return value;
};

const FHIR_BASE = env("FHIR_BASE");
const CLIENT_ID = env("CLIENT_ID");
const REDIRECT_URI = new URL(env("REDIRECT_URI"));
const SCOPE = env("SCOPE");
const USERNAME = env("USERNAME");
const PASSWORD = env("PASSWORD");

/** fhirclient's server-side storage contract (get/set/unset, async); one launch, so one map. */
const storage = (() => {
    const values = new Map();
    return {
        get: async key => values.get(key),
        set: async (key, value) => { values.set(key, value); return value; },
        unset: async key => values.delete(key),
    };
})();

/** A request to the app at `url`, shaped as fhirclient's Node adapter reads it (Node's IncomingMessage). */
function appRequest(url) {
    return {
        url: url.pathname + url.search,
        headers: { host: url.host, "x-forwarded-proto": url.protocol.replace(":", "") },
        socket: { encrypted: url.protocol === "https:" },
    };
}

/** A response the app writes its redirect to; resolves with the Location it redirected to. */
function appResponse() {
    let resolve;
    const redirected = new Promise(r => { resolve = r; });
    return {
        redirected,
        writeHead(status, headers) { this.location = headers.location || headers.Location; },
        end() { resolve(this.location); },
    };
}

/** The user's browser: one session cookie jar, redirects followed one at a time, HTML forms read. */
class Browser {
    constructor() { this.cookies = new Map(); }

    async request(url, init = {}) {
        const headers = Object.assign({ accept: "text/html" }, init.headers);
        if (this.cookies.size) {
            headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
        }
        const response = await fetch(url, Object.assign({}, init, { headers, redirect: "manual" }));
        for (const cookie of response.headers.getSetCookie()) {
            const [pair] = cookie.split(";");
            const eq = pair.indexOf("=");
            this.cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
        }
        return response;
    }

    /** Follows redirects until the app's redirect URI is reached (returned as a URL) or a page is shown. */
    async follow(response, from) {
        let current = response;
        let url = new URL(from);
        while (current.status >= 300 && current.status < 400) {
            url = new URL(current.headers.get("location"), url);
            if (url.origin === REDIRECT_URI.origin && url.pathname === REDIRECT_URI.pathname) {
                return { redirect: url };
            }
            current = await this.request(url.href);
        }
        return { page: await current.text(), status: current.status, url };
    }

    async submit(url, fields) {
        const body = new URLSearchParams(fields).toString();
        const response = await this.request(url.href, {
            method: "POST",
            headers: { "content-type": "application/x-www-form-urlencoded" },
            body,
        });
        return this.follow(response, url.href);
    }
}

/** The fields a browser submits for the first form of the page: hidden and text inputs, ticked boxes. */
function formFields(html) {
    const form = html.slice(html.indexOf("<form"), html.indexOf("</form>"));
    const action = /<form[^>]*action="([^"]*)"/.exec(form)[1];
    const fields = [];
    for (const [, attributes] of form.matchAll(/<input([^>]*)>/g)) {
        const attr = name => (new RegExp(`${name}="([^"]*)"`).exec(attributes) || [])[1];
        const type = (attr("type") || "text").toLowerCase();
        if (!attr("name") || ((type === "checkbox" || type === "radio") && !/\bchecked\b/.test(attributes))) {
            continue;
        }
        fields.push([attr("name"), (attr("value") || "").replace(/&amp;/g, "&").replace(/&#x2F;/g, "/")]);
    }
    return { action: action.replace(/&amp;/g, "&"), fields };
}

async function main() {
    const browser = new Browser();

    // 1. The app's launch URL: fhirclient discovers the server and redirects the browser to authorize.
    const launchResponse = appResponse();
    const launchUrl = new URL("/launch", REDIRECT_URI);
    await smart(appRequest(launchUrl), launchResponse, storage).authorize({
        iss: FHIR_BASE,
        clientId: CLIENT_ID,
        redirectUri: REDIRECT_URI.href,
        scope: SCOPE,
        pkceMode: "required",
    });
    const authorizeUrl = await launchResponse.redirected;
    if (!authorizeUrl) {
        throw new Error("fhirclient did not redirect to the authorization endpoint");
    }

    // 2. The browser: sign-in page, then the consent page, submitted as offered.
    let step = await browser.follow(await browser.request(authorizeUrl), authorizeUrl);
    if (step.redirect) {
        throw new Error(`expected the sign-in page, was redirected to ${step.redirect}`);
    }
    const login = formFields(step.page);
    const loginFields = login.fields.map(([k, v]) => k === "username" ? [k, USERNAME] : k === "password" ? [k, PASSWORD] : [k, v]);
    step = await browser.submit(new URL(login.action, step.url), loginFields);
    if (!step.redirect) {
        const consent = formFields(step.page);
        step = await browser.submit(new URL(consent.action, step.url), consent.fields);
    }
    if (!step.redirect) {
        throw new Error(`expected the redirect to the app, got page ${step.status} at ${step.url}: ${step.page.slice(0, 500)}`);
    }
    if (step.redirect.searchParams.get("error")) {
        throw new Error(`authorization refused: ${step.redirect.search}`);
    }

    // 3. The app's redirect URI: fhirclient exchanges the code for tokens, then reads the patient in context.
    const client = await smart(appRequest(step.redirect), appResponse(), storage).ready();
    const patientId = client.patient.id;
    if (!patientId) {
        throw new Error("the token response carried no patient in context");
    }
    const read = await client.request(`Patient/${patientId}`);
    process.stdout.write(JSON.stringify({ patient: patientId, scope: client.state.tokenResponse.scope, read }) + "\n");
}

main().catch(error => {
    process.stderr.write(`standalone launch failed: ${error && error.stack || error}\n`);
    process.exit(1);
});
