import { defineConfig } from "vite";
import { fileURLToPath } from "node:url";

const shim = (name: string) => fileURLToPath(new URL(`./src/shims/${name}`, import.meta.url));

// The portal is served by the FHIR server at /portal/ from the hapi-server jar: Maven packs this build's output
// (target/classes/META-INF/resources/portal) into the portal-app jar, and Spring Boot serves META-INF/resources.
export default defineConfig({
  base: "/portal/",
  define: {
    // fhirclient's "pure" browser build: the browser's own fetch and Web Crypto, no polyfills.
    FHIRCLIENT_PURE: "true",
  },
  resolve: {
    alias: {
      // Required by fhirclient only where the browser has no Web Crypto (never, in the browsers we support).
      "isomorphic-webcrypto": shim("webcrypto.ts"),
      "cross-fetch": shim("fetch.ts"),
    },
  },
  build: {
    outDir: "target/classes/META-INF/resources/portal",
    emptyOutDir: true,
    target: "es2022",
    sourcemap: false,
    chunkSizeWarningLimit: 400,
  },
});
