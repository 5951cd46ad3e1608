import { useEffect, useState } from "preact/hooks";
import type { FhirApi } from "../fhir/api";
import type { Attachment, Communication, Reference } from "../fhir/types";
import { AttachmentField, AttachmentView } from "./attachments";
import { Notice, Problem, Show, useLoad } from "../ui/async";
import { concept, dateTime, who } from "../ui/format";
import { useDraft } from "../ui/drafts";

const PORTAL_MESSAGE = "http://fhirportal.org/fhir/StructureDefinition/portal-message";
const CATEGORIES = "http://fhirportal.org/fhir/CodeSystem/portal-message-categories";
/** The server's tag of a message no recipient has read yet (see the server's ReadReceipts). */
const UNREAD = { system: "http://fhirportal.org/fhir/CodeSystem/portal-message-status", code: "unread" };

/** What a new message may be about (the IG's PortalMessageCategories), which routes it at the practice. */
const TOPICS: { code: string; label: string }[] = [
  { code: "clinical-question", label: "A question about my health or care" },
  { code: "medication", label: "A medication or prescription" },
  { code: "appointment", label: "An appointment" },
  { code: "test-result", label: "A test result" },
  { code: "administrative", label: "Something else" },
];

interface Thread { id: string; topic: string; messages: Communication[] }

/**
 * Secure messages with the care team, as threads (inResponseTo chains), newest thread first; reply in a thread, with
 * a file attached if wanted. Messages to the patient not read yet are marked, and are read (the server records the
 * read receipt) when their thread is opened.
 */
export function Messages(props: { api: FhirApi; threadId?: string; careTeam?: Reference }) {
  const { api } = props;
  const [threads, reload] = useLoad(async () => threadsOf(await api.search<Communication>(
    `Communication?patient=${api.patientId}&_sort=sent&_count=200`)), [api.patientId]);
  return (
    <Show loaded={threads} what="messages">
      {(list) => {
        const open = props.threadId ? list.find((t) => t.id === props.threadId) : undefined;
        if (props.threadId && !open) {
          return <><h1 tabIndex={-1}>Message not found</h1><p><a href="#/messages">Back to messages</a></p></>;
        }
        return open ? <ThreadView api={api} thread={open} onSent={reload} /> : (
          <>
            <ThreadList threads={list} me={api.userReference ?? api.patientReference} unreadFor={api.patientReference} />
            <NewMessage api={api} careTeam={props.careTeam} onSent={reload} />
          </>
        );
      }}
    </Show>
  );
}

/** Whether a message to `reader` (the open record's patient) waits to be read. */
function isUnreadFor(message: Communication, reader: string): boolean {
  return (message.meta?.tag ?? []).some((t) => t.system === UNREAD.system && t.code === UNREAD.code)
    && (message.recipient ?? []).some((r) => r.reference === reader);
}

function ThreadList(props: { threads: Thread[]; me: string; unreadFor: string }) {
  return (
    <>
      <h1 tabIndex={-1}>Messages</h1>
      {props.threads.length === 0 ? <p>No messages yet.</p> : (
        <ul class="items">
          {props.threads.map((t) => {
            const last = t.messages[t.messages.length - 1];
            const unread = t.messages.filter((m) => isUnreadFor(m, props.unreadFor)).length;
            return (
              <li key={t.id} class={unread ? "item unread" : "item"} data-testid="thread" data-unread={unread}>
                <h2 class="h3">
                  <a href={`#/messages/${t.id}`}>{t.topic}{unread > 0 && <span class="visually-hidden"> ({unread} unread)</span>}</a>
                  {unread > 0 && <span class="badge" aria-hidden="true" data-testid="unread-badge">{unread} unread</span>}
                </h2>
                <p class="muted">{t.messages.length === 1 ? "1 message" : `${t.messages.length} messages`} · last from {last.sender?.reference === props.me ? "you" : who(last.sender)}, {dateTime(last.sent)}</p>
              </li>
            );
          })}
        </ul>
      )}
    </>
  );
}

function ThreadView(props: { api: FhirApi; thread: Thread; onSent: () => void }) {
  const { api, thread } = props;
  // the messages new to the reader when the thread was opened stay marked "new" while it is open
  const [fresh] = useState(() => new Set(thread.messages.filter((m) => isUnreadFor(m, api.patientReference)).map((m) => m.id!)));
  useEffect(() => {
    if (fresh.size > 0) {
      // reading a message by id is what records its read receipt; then the list is refreshed
      Promise.all([...fresh].map((id) => api.read<Communication>(`Communication/${id}`))).then(props.onSent, () => {});
    }
  }, [thread.id]);
  const [text, setText, clearDraft] = useDraft(`reply-${thread.id}`);
  const [attachment, setAttachment] = useState<Attachment>();
  const [formKey, setFormKey] = useState(0);
  const [status, setStatus] = useState<{ ok: boolean; text: string }>();
  const [sending, setSending] = useState(false);
  const me = api.userReference ?? api.patientReference;
  const send = async (e: Event) => {
    e.preventDefault();
    if (!text.trim()) {
      setStatus({ ok: false, text: "Write a message before sending." });
      return;
    }
    setSending(true);
    try {
      await api.create(reply(thread, me, api.patientReference, text.trim(), attachment));
      clearDraft();
      setAttachment(undefined);
      setFormKey((k) => k + 1);
      setStatus({ ok: true, text: "Your reply was sent." });
      props.onSent();
    } catch (error) {
      setStatus({ ok: false, text: `Your reply was not sent: ${(error as Error).message}` });
    } finally {
      setSending(false);
    }
  };
  return (
    <>
      <h1 tabIndex={-1}>{thread.topic}</h1>
      <p><a href="#/messages">Back to messages</a></p>
      <ol class="thread">
        {thread.messages.map((m) => (
          <li key={m.id} class={m.sender?.reference === me ? "message mine" : "message"} data-testid="message"
            data-new={fresh.has(m.id!) ? "true" : undefined}>
            <p class="muted">
              {fresh.has(m.id!) && <span class="badge">New</span>} <strong>{m.sender?.reference === me ? "You" : who(m.sender)}</strong>, {dateTime(m.sent)}
            </p>
            {m.payload?.map((p, i) => p.contentString
              ? <p key={i} class="text">{p.contentString}</p>
              : p.contentAttachment ? <AttachmentView key={i} api={api} attachment={p.contentAttachment} /> : null)}
          </li>
        ))}
      </ol>
      <form onSubmit={send} class="reply">
        <label for="reply-text">Your reply</label>
        <textarea id="reply-text" rows={5} value={text} onInput={(e) => setText(e.currentTarget.value)} />
        <AttachmentField key={formKey} id="reply-file" onChange={setAttachment} />
        {status && (status.ok ? <Notice>{status.text}</Notice> : <Problem>{status.text}</Problem>)}
        <button type="submit" disabled={sending}>{sending ? "Sending…" : "Send reply"}</button>
      </form>
    </>
  );
}

/** A new thread to the patient's care team (their general practitioner), with a subject and a category. */
function NewMessage(props: { api: FhirApi; careTeam?: Reference; onSent: () => void }) {
  const { api, careTeam } = props;
  const [subject, setSubject, clearSubject] = useDraft("new-subject");
  const [text, setText, clearText] = useDraft("new-text");
  const [category, setCategory] = useState(TOPICS[0].code);
  const [attachment, setAttachment] = useState<Attachment>();
  const [formKey, setFormKey] = useState(0);
  const [status, setStatus] = useState<{ ok: boolean; text: string }>();
  const [sending, setSending] = useState(false);
  if (!careTeam?.reference) {
    return <p>Your record names no care team to write to. Please call your practice.</p>;
  }
  const send = async (e: Event) => {
    e.preventDefault();
    if (!subject.trim() || !text.trim()) {
      setStatus({ ok: false, text: "Write a subject and a message before sending." });
      return;
    }
    setSending(true);
    const me = api.userReference ?? api.patientReference;
    try {
      await api.create<Communication>({
        resourceType: "Communication",
        meta: { profile: [PORTAL_MESSAGE] },
        status: "completed",
        category: [{ coding: [{ system: CATEGORIES, code: category, display: TOPICS.find((t) => t.code === category)?.label }] }],
        subject: { reference: api.patientReference },
        topic: { text: subject.trim() },
        sent: new Date().toISOString(),
        sender: { reference: me },
        recipient: [{ reference: careTeam.reference }],
        payload: withAttachment(text.trim(), attachment),
      });
      clearSubject();
      clearText();
      setAttachment(undefined);
      setFormKey((k) => k + 1);
      setStatus({ ok: true, text: "Your message was sent." });
      props.onSent();
    } catch (error) {
      setStatus({ ok: false, text: `Your message was not sent: ${(error as Error).message}` });
    } finally {
      setSending(false);
    }
  };
  return (
    <section aria-labelledby="new-message">
      <h2 id="new-message">Write to your care team</h2>
      <form onSubmit={send} class="reply">
        <label for="new-category">About</label>
        <select id="new-category" value={category} onChange={(e) => setCategory(e.currentTarget.value)}>
          {TOPICS.map((t) => <option key={t.code} value={t.code}>{t.label}</option>)}
        </select>
        <label for="new-subject">Subject</label>
        <input id="new-subject" value={subject} onInput={(e) => setSubject(e.currentTarget.value)} />
        <label for="new-text">Message</label>
        <textarea id="new-text" rows={5} value={text} onInput={(e) => setText(e.currentTarget.value)} />
        <AttachmentField key={formKey} id="new-file" onChange={setAttachment} />
        {status && (status.ok ? <Notice>{status.text}</Notice> : <Problem>{status.text}</Problem>)}
        <button type="submit" disabled={sending}>{sending ? "Sending…" : "Send message"}</button>
      </form>
      <p class="muted">Messages are read during office hours. In an emergency, call your local emergency number.</p>
    </section>
  );
}

/** Chains messages into threads by inResponseTo: each thread is named after its first message. */
function threadsOf(messages: Communication[]): Thread[] {
  const byId = new Map(messages.map((m) => [m.id!, m]));
  const rootOf = (m: Communication): Communication => {
    let current = m;
    for (let depth = 0; depth < 100; depth++) {
      const parentId = current.inResponseTo?.[0]?.reference?.split("/").pop();
      const parent = parentId ? byId.get(parentId) : undefined;
      if (!parent) {
        return current;
      }
      current = parent;
    }
    return current;
  };
  const threads = new Map<string, Thread>();
  for (const m of messages) {
    const root = rootOf(m);
    const thread = threads.get(root.id!) ?? { id: root.id!, topic: concept(root.topic) || "Message", messages: [] };
    thread.messages.push(m);
    threads.set(root.id!, thread);
  }
  const lastSent = (t: Thread) => t.messages[t.messages.length - 1].sent ?? "";
  return [...threads.values()].sort((a, b) => lastSent(b).localeCompare(lastSent(a)));
}

/** A PortalMessage answering the thread's last message, to whoever wrote last from the care team. */
/** A message's payload: its text, then the attached file if any. */
function withAttachment(text: string, attachment?: Attachment): Communication["payload"] {
  return attachment ? [{ contentString: text }, { contentAttachment: attachment }] : [{ contentString: text }];
}

function reply(thread: Thread, me: string, patient: string, text: string, attachment?: Attachment): Communication {
  const last = thread.messages[thread.messages.length - 1];
  const careTeam = [...thread.messages].reverse().find((m) => m.sender?.reference && m.sender.reference !== me)?.sender
    ?? last.recipient?.find((r) => r.reference !== me);
  const recipient: Reference[] = careTeam?.reference ? [{ reference: careTeam.reference }] : [];
  return {
    resourceType: "Communication",
    meta: { profile: [PORTAL_MESSAGE] },
    status: "completed",
    category: last.category,
    subject: { reference: patient },
    topic: thread.messages[0].topic,
    sent: new Date().toISOString(),
    sender: { reference: me },
    recipient,
    inResponseTo: [{ reference: `Communication/${last.id}` }],
    payload: withAttachment(text, attachment),
  };
}
