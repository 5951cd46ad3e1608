import type { OpenRecord } from "../ui/App";
import { AccessLog } from "./AccessLog";
import { AccountSettings } from "./AccountSettings";
import { ConnectedApps } from "./ConnectedApps";
import { Appointments } from "../appointments/Appointments";
import { Home } from "./Home";
import { Medications } from "./Medications";
import { Messages } from "./Messages";
import { Results } from "./Results";
import { Visits } from "./Visits";

/** The screen the URL names; an unknown address says so rather than showing an empty page. */
export function Screen(props: { record: OpenRecord; route: string[] }) {
  const { api } = props.record;
  const [screen, ...rest] = props.route;
  switch (screen ?? "") {
    case "":
      return <Home api={api} />;
    case "results":
      return <Results api={api} />;
    case "medications":
      return <Medications api={api} />;
    case "visits":
      return <Visits api={api} documentId={rest[0]} />;
    case "appointments":
      return <Appointments api={api} />;
    case "messages":
      return <Messages api={api} threadId={rest[0]} careTeam={props.record.patient.generalPractitioner?.[0]} />;
    case "access-log":
      return <AccessLog api={api} />;
    case "apps":
      return <ConnectedApps record={props.record} />;
    case "account":
      return <AccountSettings record={props.record} />;
    default:
      return (
        <>
          <h1 tabIndex={-1}>Page not found</h1>
          <p>There is no such page in the portal. <a href="#/">Go to the home page</a>.</p>
        </>
      );
  }
}
