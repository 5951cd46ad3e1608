// fhirclient falls back to isomorphic-webcrypto only without globalThis.crypto; every supported browser has it.
export default globalThis.crypto;
