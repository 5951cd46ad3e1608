import { useEffect, useState } from "preact/hooks";

/**
 * Screens live in the URL's fragment (#/labs, #/messages/12), so the server serves one page and a reload or the
 * back button keeps the screen. Hand-written: five lines do not need a router library.
 */
export function useRoute(): string[] {
  const [hash, setHash] = useState(window.location.hash);
  useEffect(() => {
    const changed = () => setHash(window.location.hash);
    window.addEventListener("hashchange", changed);
    return () => window.removeEventListener("hashchange", changed);
  }, []);
  return hash.replace(/^#\/?/, "").split("/").filter(Boolean).map(decodeURIComponent);
}

export function go(...path: string[]): void {
  window.location.hash = "#/" + path.map(encodeURIComponent).join("/");
}
