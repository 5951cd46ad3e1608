import { useEffect, useState } from "preact/hooks";

const PREFIX = "portal.draft.";

/**
 * Text the user is typing, kept in this tab's session storage at every keystroke: when the session expires and the
 * app sends the user through sign-in again, the text is still there when they come back. Cleared once sent.
 */
export function useDraft(key: string): [string, (text: string) => void, () => void] {
  const storageKey = PREFIX + key;
  const [text, setText] = useState(() => sessionStorage.getItem(storageKey) ?? "");
  useEffect(() => setText(sessionStorage.getItem(storageKey) ?? ""), [storageKey]);
  const update = (value: string) => {
    setText(value);
    sessionStorage.setItem(storageKey, value);
  };
  const clear = () => {
    setText("");
    sessionStorage.removeItem(storageKey);
  };
  return [text, update, clear];
}
