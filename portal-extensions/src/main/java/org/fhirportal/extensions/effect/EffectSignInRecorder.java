package org.fhirportal.extensions.effect;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fhirportal.extensions.audit.AuditBatchListener;
import org.fhirportal.extensions.audit.AuditRecord;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Adds each audit batch's successful patient sign-ins (the records {@code EngagementQuery.SIGN_IN} selects) to
 * {@code portal_effect_sign_in_month}, per patient and calendar month (UTC), in the audit store's transaction: the
 * exposure of {@code $engagement-effect}, which then reads one row per patient-month instead of counting the audit
 * trail. One batched upsert per batch with a sign-in.
 */
public class EffectSignInRecorder implements AuditBatchListener {

	private volatile EffectTables tables;

	@Override
	public void written(List<AuditRecord> batch, JdbcTemplate jdbc) {
		Map<List<Object>, Integer> counts = new LinkedHashMap<>();
		for (AuditRecord record : batch) {
			if (isSignIn(record)) {
				LocalDate month = YearMonth.from(record.recorded().atOffset(ZoneOffset.UTC)).atDay(1);
				counts.merge(List.of(record.patientId().orElseThrow(), month), 1, Integer::sum);
			}
		}
		if (counts.isEmpty()) {
			return;
		}
		List<EffectTables.SignInMonth> rows = new ArrayList<>();
		counts.forEach((key, n) -> rows.add(new EffectTables.SignInMonth((String) key.get(0), (LocalDate) key.get(1), n)));
		EffectTables current = tables;
		if (current == null || !current.uses(jdbc)) {
			current = new EffectTables(jdbc);
			tables = current;
		}
		current.addSignIns(rows);
	}

	/** A patient's own successful sign-in, as {@code EngagementQuery.SIGN_IN} defines it. */
	static boolean isSignIn(AuditRecord record) {
		return "security".equals(record.kind()) && "sign_in".equals(record.subtype()) && record.outcome() == 0
				&& record.userType().filter("Patient"::equals).isPresent() && record.patientId().isPresent();
	}
}
