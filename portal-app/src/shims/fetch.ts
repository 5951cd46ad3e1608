// fhirclient's pure build uses the browser's fetch; this module only satisfies its static require of cross-fetch.
export default globalThis.fetch;
export const fetch = globalThis.fetch;
export const Headers = globalThis.Headers;
export const Request = globalThis.Request;
export const Response = globalThis.Response;
