package org.fhirportal.server.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.net.http.HttpResponse;
import java.util.List;
import javax.sql.DataSource;
import org.fhirportal.extensions.analytics.synthetic.SyntheticActivity;
import org.fhirportal.extensions.analytics.synthetic.SyntheticActivityWriter;
import org.fhirportal.extensions.analytics.synthetic.SyntheticResources;
import org.fhirportal.extensions.audit.AuditBatchListener;
import org.fhirportal.server.support.RawHttp;
import org.hl7.fhir.r4.model.Bundle;

/**
 * Loads a synthetic portal into the running server: its resources through the FHIR API as transactions (so the
 * projections are kept by the server's own hooks), its accounts and audit trail through the audit batch listeners
 * (no API writes audit records, by design).
 */
final class SyntheticPortalLoad {

	private SyntheticPortalLoad() {
	}

	static void load(SyntheticActivity activity, RawHttp admin, FhirContext fhirContext, DataSource dataSource,
			List<AuditBatchListener> auditListeners, int chunk) {
		for (Bundle bundle : List.of(SyntheticResources.directory(activity), SyntheticResources.patients(activity), SyntheticResources.activity(activity))) {
			HttpResponse<String> response = admin.post("", "application/fhir+json", fhirContext.newJsonParser().encodeResourceToString(bundle));
			assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		}
		SyntheticActivityWriter writer = new SyntheticActivityWriter(dataSource, auditListeners, chunk);
		writer.writeAccounts(activity);
		writer.writeAudit(activity.audit());
	}
}
