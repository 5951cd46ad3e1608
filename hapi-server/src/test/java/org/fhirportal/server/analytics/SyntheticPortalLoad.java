package org.fhirportal.server.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.net.http.HttpResponse;
import java.util.ArrayList;
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

	private static final int ENTRIES_PER_TRANSACTION = 1000;

	private SyntheticPortalLoad() {
	}

	static void load(SyntheticActivity activity, RawHttp admin, FhirContext fhirContext, DataSource dataSource,
			List<AuditBatchListener> auditListeners, int chunk) {
		for (Bundle bundle : List.of(SyntheticResources.directory(activity), SyntheticResources.patients(activity), SyntheticResources.activity(activity))) {
			for (Bundle part : parts(bundle)) {
				HttpResponse<String> response = admin.post("", "application/fhir+json", fhirContext.newJsonParser().encodeResourceToString(part));
				assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
			}
		}
		SyntheticActivityWriter writer = new SyntheticActivityWriter(dataSource, auditListeners, chunk);
		writer.writeAccounts(activity);
		writer.writeAudit(activity.audit());
	}

	/**
	 * The bundle in order, as transactions of at most {@link #ENTRIES_PER_TRANSACTION} entries (the server's
	 * {@code portal.fhir.limits.max-bundle-entries}); every entry is a PUT to a fixed id, so parts need no shared
	 * placeholders.
	 */
	private static List<Bundle> parts(Bundle bundle) {
		List<Bundle> parts = new ArrayList<>();
		List<Bundle.BundleEntryComponent> entries = bundle.getEntry();
		for (int from = 0; from < entries.size(); from += ENTRIES_PER_TRANSACTION) {
			Bundle part = new Bundle().setType(bundle.getType());
			entries.subList(from, Math.min(entries.size(), from + ENTRIES_PER_TRANSACTION)).forEach(part::addEntry);
			parts.add(part);
		}
		return parts;
	}
}
