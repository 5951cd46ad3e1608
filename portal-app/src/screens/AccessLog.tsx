import type { FhirApi } from "../fhir/api";
import { FhirError } from "../fhir/api";
import type { AuditEvent, Bundle } from "../fhir/types";
import { Show, useLoad } from "../ui/async";
import { concept, dateTime, who } from "../ui/format";

/** Who read the record and when: Patient/[id]/$access-log, the IG's AccessLog operation. */
export function AccessLog(props: { api: FhirApi }) {
  const { api } = props;
  const [log] = useLoad(async () => {
    try {
      const bundle = await api.read<Bundle<AuditEvent>>(`Patient/${api.patientId}/$access-log?_count=50`);
      return (bundle.entry ?? []).map((e) => e.resource!).filter(Boolean);
    } catch (e) {
      if (e instanceof FhirError && e.notOffered) {
        return undefined;
      }
      throw e;
    }
  }, [api.patientId]);
  return (
    <>
      <h1 tabIndex={-1}>Who saw my record</h1>
      <Show loaded={log} what="access log">
        {(events) => events === undefined ? <p>The access log is not available on this server yet.</p>
          : events.length === 0 ? <p>No one has read your record in the last 90 days.</p> : (
            <table data-testid="access-log">
              <thead><tr><th scope="col">When</th><th scope="col">Who</th><th scope="col">With</th><th scope="col">What</th></tr></thead>
              <tbody>
                {events.map((e) => {
                  const user = e.agent?.find((a) => a.requestor) ?? e.agent?.[0];
                  const app = e.agent?.find((a) => a !== user);
                  return (
                    <tr key={e.id}>
                      <td>{dateTime(e.recorded)}</td>
                      <td>{user?.name ?? who(user?.who)}</td>
                      <td>{app?.name ?? who(app?.who)}</td>
                      <td>{e.entity?.map((x) => x.name ?? who(x.what)).filter(Boolean).join(", ") || concept({ coding: e.subtype })}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
      </Show>
    </>
  );
}
