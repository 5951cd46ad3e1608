import { useEffect, useState } from "preact/hooks";
import type { FhirApi } from "../fhir/api";
import type { Attachment, Resource } from "../fhir/types";
import { saveFile } from "../ui/download";

/**
 * Files in secure messages: what a patient may attach (the server's portal.messaging defaults: PDF, PNG, JPEG or
 * plain text, up to 5 MB; the server checks again, and its refusal is shown as it words it), sent inline as
 * Communication.payload.contentAttachment.data, and how an attachment in a thread is shown, opened and downloaded.
 */
export const ALLOWED_TYPES: Record<string, string> = {
  "application/pdf": "PDF",
  "image/png": "PNG image",
  "image/jpeg": "JPEG image",
  "text/plain": "text file",
};
export const MAX_BYTES = 5 * 1024 * 1024;

interface Binary extends Resource { resourceType: "Binary"; contentType?: string; data?: string }

/** The file as an attachment, or an error that says what is wrong with it. */
export async function toAttachment(file: File): Promise<Attachment> {
  if (!ALLOWED_TYPES[file.type]) {
    throw new Error(`${file.name} cannot be attached: only PDF, PNG, JPEG or text files can be sent.`);
  }
  if (file.size > MAX_BYTES) {
    throw new Error(`${file.name} is too large to attach (${size(file.size)}); the limit is ${size(MAX_BYTES)}.`);
  }
  const data = await new Promise<string>((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ""));
    reader.onerror = () => reject(new Error(`${file.name} could not be read.`));
    reader.readAsDataURL(file);
  });
  return { contentType: file.type, title: file.name, size: file.size, creation: new Date().toISOString(), data };
}

export function size(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : bytes >= 1024 ? `${Math.round(bytes / 1024)} KB` : `${bytes} bytes`;
}

/** A file field for a message form; reports the chosen file (or none) and says what is wrong with a refused one. */
export function AttachmentField(props: { id: string; onChange: (attachment: Attachment | undefined) => void }) {
  const [problem, setProblem] = useState<string>();
  const choose = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    setProblem(undefined);
    if (!file) {
      props.onChange(undefined);
      return;
    }
    try {
      props.onChange(await toAttachment(file));
    } catch (e) {
      input.value = "";
      props.onChange(undefined);
      setProblem((e as Error).message);
    }
  };
  return (
    <>
      <label for={props.id}>Attach a file <span class="muted">(optional: PDF, PNG, JPEG or text, up to 5 MB)</span></label>
      <input id={props.id} type="file" accept={Object.keys(ALLOWED_TYPES).join(",")}
        aria-describedby={problem ? `${props.id}-problem` : undefined} onChange={(e) => choose(e.currentTarget)} />
      {problem && <div id={`${props.id}-problem`} role="alert" class="problem">{problem}</div>}
    </>
  );
}

/**
 * An attachment of a message: its name, type and size, a preview of an image, and buttons to open it (PDF, image,
 * text) in a new tab or download it. Only the allowed types are ever given to the browser as themselves; anything
 * else is downloaded as bytes, so a file cannot run as a page of the portal.
 */
export function AttachmentView(props: { api: FhirApi; attachment: Attachment }) {
  const { attachment } = props;
  const [content, setContent] = useState<{ type: string; data: string }>();
  const [problem, setProblem] = useState<string>();
  const type = ALLOWED_TYPES[attachment.contentType ?? ""] ? attachment.contentType! : "application/octet-stream";
  const name = attachment.title ?? `attachment.${type.split("/")[1] ?? "bin"}`;
  useEffect(() => {
    if (attachment.data) {
      setContent({ type, data: attachment.data });
    } else if (attachment.url) {
      props.api.read<Binary>(attachment.url).then(
        (binary) => setContent({ type, data: binary.data ?? "" }),
        (e: Error) => setProblem(`${name} could not be loaded: ${e.message}`),
      );
    }
  }, [attachment.data, attachment.url]);
  const blob = () => new Blob([Uint8Array.from(atob(content!.data), (c) => c.charCodeAt(0))], { type: content!.type });
  const open = () => {
    const url = URL.createObjectURL(blob());
    window.open(url, "_blank", "noopener");
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  };
  const download = () => saveFile(blob(), name);
  const sizeText = attachment.size ? `, ${size(attachment.size)}` : "";
  return (
    <div class="attachment" data-testid="attachment">
      <p><span class="muted">Attachment: </span><strong>{name}</strong> <span class="muted">({ALLOWED_TYPES[type] ?? "file"}{sizeText})</span></p>
      {content && type.startsWith("image/") && (
        <img class="preview" src={`data:${type};base64,${content.data}`} alt={`Attached image ${name}`} />
      )}
      {problem && <div role="alert" class="problem">{problem}</div>}
      {content && (
        <p class="actions">
          {type !== "application/octet-stream" && <button type="button" class="secondary" onClick={open}>Open {name}</button>}
          <button type="button" class="secondary" onClick={download}>Download {name}</button>
        </p>
      )}
    </div>
  );
}
