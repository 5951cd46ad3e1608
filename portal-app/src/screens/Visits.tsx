import type { FhirApi } from "../fhir/api";
import type { Attachment, DocumentReference, Encounter, Resource } from "../fhir/types";
import { Problem, Show, useLoad } from "../ui/async";
import { concept, date, decodeText, who } from "../ui/format";

/** Past visits, each with its documents (discharge summaries); a document opens as readable text. */
export function Visits(props: { api: FhirApi; documentId?: string }) {
  return props.documentId ? <DocumentView api={props.api} id={props.documentId} /> : <VisitList api={props.api} />;
}

function VisitList(props: { api: FhirApi }) {
  const { api } = props;
  const [data] = useLoad(async () => {
    const [visits, documents] = await Promise.all([
      api.search<Encounter>(`Encounter?patient=${api.patientId}&_sort=-date&_count=100`),
      api.search<DocumentReference>(`DocumentReference?patient=${api.patientId}&status=current&_sort=-date&_count=100`),
    ]);
    return { visits, documents };
  }, [api.patientId]);
  return (
    <>
      <h1 tabIndex={-1}>Visits & documents</h1>
      <Show loaded={data} what="visits">
        {({ visits, documents }) => (
          <>
            <h2>Documents</h2>
            {documents.length === 0 ? <p>No documents yet.</p> : (
              <ul class="items">
                {documents.map((d) => (
                  <li key={d.id} class="item" data-testid="document">
                    <h3><a href={`#/visits/${d.id}`}>{concept(d.type) || d.description || "Document"}</a></h3>
                    <p class="muted">{d.description} · {date(d.date)}</p>
                  </li>
                ))}
              </ul>
            )}
            <h2 id="visits-heading">Visits</h2>
            {visits.length === 0 ? <p>No visits yet.</p> : (
              <div class="table-scroll" role="region" tabIndex={0} aria-labelledby="visits-heading">
              <table>
                <thead><tr><th scope="col">When</th><th scope="col">Kind</th><th scope="col">Reason</th><th scope="col">Documents</th></tr></thead>
                <tbody>
                  {visits.map((v) => {
                    const docs = documents.filter((d) => d.context?.encounter?.some((e) => e.reference === `Encounter/${v.id}`));
                    return (
                      <tr key={v.id}>
                        <td>{date(v.period?.start)}{v.period?.end && v.period.end.slice(0, 10) !== v.period.start?.slice(0, 10) ? ` – ${date(v.period.end)}` : ""}</td>
                        <td>{concept(v.type?.[0]) || v.class?.display || v.class?.code}</td>
                        <td>{concept(v.reasonCode?.[0])}</td>
                        <td>{docs.map((d) => <a key={d.id} href={`#/visits/${d.id}`}>{concept(d.type) || "Document"}</a>)}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
              </div>
            )}
          </>
        )}
      </Show>
    </>
  );
}

function DocumentView(props: { api: FhirApi; id: string }) {
  const { api, id } = props;
  const [doc] = useLoad(async () => {
    const reference = await api.read<DocumentReference>(`DocumentReference/${id}`);
    return { reference, text: await readableText(api, reference.content[0]?.attachment) };
  }, [id]);
  return (
    <Show loaded={doc} what="document">
      {({ reference, text }) => (
        <>
          <h1 tabIndex={-1}>{concept(reference.type) || "Document"}</h1>
          <p class="muted">{reference.description} · {date(reference.date)}{reference.author?.[0] && ` · ${who(reference.author[0])}`}</p>
          {text === undefined
            ? <Problem>This document is not in a format the portal can show.</Problem>
            : <article class="document" data-testid="document-text">{text}</article>}
          <p><a href="#/visits">Back to visits & documents</a></p>
        </>
      )}
    </Show>
  );
}

/** The attachment as plain text: inline data, or a Binary on this server. Other formats are not shown. */
async function readableText(api: FhirApi, attachment?: Attachment): Promise<string | undefined> {
  if (!attachment || !(attachment.contentType ?? "").startsWith("text/plain")) {
    return undefined;
  }
  if (attachment.data) {
    return decodeText(attachment.data);
  }
  const binary = attachment.url?.match(/(?:^|\/)(Binary\/[^/?#]+)$/)?.[1];
  if (binary) {
    const resource = await api.read<Resource & { data?: string }>(binary);
    return resource.data ? decodeText(resource.data) : "";
  }
  return undefined;
}
