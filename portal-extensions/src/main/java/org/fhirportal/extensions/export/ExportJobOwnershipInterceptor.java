package org.fhirportal.extensions.export;

import ca.uhn.fhir.batch2.api.IJobMaintenanceService;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fhirportal.extensions.workflow.Caller;

/**
 * Binds bulk export jobs to who started them. HAPI's {@code $export-poll-status} link carries only the job id and
 * HAPI answers it to anyone; here the job id of every accepted kick-off is recorded for its requester, and a status
 * poll or cancellation of a job by anyone else is answered as for an unknown job (404), so one app can neither
 * follow nor fetch another's export. Hand-written: HAPI's bulk export provider does not record who asked.
 */
final class ExportJobOwnershipInterceptor {

	static final String KICK_OFF = "$export";
	static final String POLL_STATUS = "$export-poll-status";
	private static final Pattern JOB_ID = Pattern.compile("[?&]_jobId=([^&]+)");

	/** At most one early maintenance pass per this interval, however many clients poll. */
	private static final Duration NUDGE_INTERVAL = Duration.ofSeconds(2);

	private final ExportJobOwners owners;
	private final IJobMaintenanceService maintenance;
	private final Clock clock;
	private final AtomicReference<Instant> lastNudge = new AtomicReference<>(Instant.EPOCH);

	ExportJobOwnershipInterceptor(ExportJobOwners owners, IJobMaintenanceService maintenance, Clock clock) {
		this.owners = Objects.requireNonNull(owners, "owners");
		this.maintenance = Objects.requireNonNull(maintenance, "maintenance");
		this.clock = Objects.requireNonNull(clock, "clock");
	}

	@Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED)
	public void checkPollOwner(RequestDetails request) {
		if (!POLL_STATUS.equals(request.getOperation())) {
			return;
		}
		String[] values = request.getParameters().get("_jobId");
		if (values == null || values.length != 1 || values[0].isBlank()) {
			throw new InvalidRequestException("$export-poll-status needs exactly one _jobId parameter");
		}
		String jobId = values[0];
		boolean owned = Caller.currentAccess().map(access -> owners.owns(access, jobId)).orElse(false);
		if (!owned) {
			throw new ResourceNotFoundException("Unknown bulk export job: " + jobId);
		}
		nudgeJobs();
	}

	/**
	 * Batch2 moves an export from one step to the next in its maintenance pass, once a minute; a requester who is
	 * waiting (a kick-off, a status poll) asks for the next pass now, so a patient's small export is ready in seconds.
	 */
	private void nudgeJobs() {
		Instant now = clock.instant();
		Instant last = lastNudge.get();
		if (now.isAfter(last.plus(NUDGE_INTERVAL)) && lastNudge.compareAndSet(last, now)) {
			maintenance.triggerMaintenancePass();
		}
	}

	@Hook(Pointcut.SERVER_PROCESSING_COMPLETED_NORMALLY)
	public void recordKickOff(ServletRequestDetails request) {
		if (!KICK_OFF.equals(request.getOperation()) || request.getServletResponse() == null) {
			return;
		}
		Optional<String> jobId = jobIdIn(request.getServletResponse().getHeader("Content-Location"));
		if (jobId.isPresent()) {
			Caller.currentAccess().ifPresent(access -> owners.record(jobId.get(), access));
			nudgeJobs();
		}
	}

	static Optional<String> jobIdIn(String statusUrl) {
		if (statusUrl == null) {
			return Optional.empty();
		}
		Matcher matcher = JOB_ID.matcher(statusUrl);
		return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
	}
}
