package org.fhirportal.server.ig;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.interceptor.validation.IRepositoryValidatingRule;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.util.OperationOutcomeUtil;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;

/**
 * Warms the write validator up once the server is ready, on a background thread: the first validation against
 * a profile builds its snapshot and loads the terminology it binds (about 15 s on two cores), which the first
 * patient to send a message would otherwise wait for. It validates every example of the IG package the way a
 * portal write is validated, so it also tells, in the log, if the server's validation disagrees with the IG's
 * own build (which validates the same examples).
 */
final class ValidatorWarmUp implements ApplicationListener<ApplicationReadyEvent> {

	private static final Logger log = LoggerFactory.getLogger(ValidatorWarmUp.class);

	private final PortalProfileValidatingInterceptor validation;
	private final PortalIgPackage igPackage;
	private final FhirContext context;
	private final boolean enabled;
	private final CompletableFuture<List<String>> done = new CompletableFuture<>();

	/** @param enabled false when validation or its warm-up is switched off: then it does nothing */
	ValidatorWarmUp(
			PortalProfileValidatingInterceptor validation, PortalIgPackage igPackage, FhirContext context, boolean enabled) {
		this.validation = Objects.requireNonNull(validation, "validation");
		this.igPackage = Objects.requireNonNull(igPackage, "igPackage");
		this.context = Objects.requireNonNull(context, "context");
		this.enabled = enabled;
	}

	@Override
	public void onApplicationEvent(ApplicationReadyEvent event) {
		if (!enabled) {
			done.complete(List.of());
			return;
		}
		Thread thread = new Thread(this::warmUp, "portal-ig-validator-warm-up");
		thread.setDaemon(true);
		thread.setPriority(Thread.MIN_PRIORITY);
		thread.start();
	}

	/** Completes with the problems found in the IG's examples (empty when they all conform). */
	CompletableFuture<List<String>> done() {
		return done;
	}

	private void warmUp() {
		long start = System.nanoTime();
		List<String> problems = new ArrayList<>();
		try {
			for (IBaseResource example : igPackage.examples(context)) {
				Optional<IRepositoryValidatingRule.RuleEvaluation> failure =
						validation.check(new SystemRequestDetails(), example);
				failure.ifPresent(f -> problems.add(example.getIdElement().getValue() + ": " + describe(f)));
			}
			problems.forEach(problem -> log.warn("IG example does not validate on this server: {}", problem));
			log.info("Portal write validation warmed up in {} ms", (System.nanoTime() - start) / 1_000_000);
			done.complete(problems);
		} catch (RuntimeException e) {
			log.warn("Portal write validation warm-up failed; the first portal write will be slow", e);
			done.completeExceptionally(e);
		}
	}

	private String describe(IRepositoryValidatingRule.RuleEvaluation failure) {
		if (failure.getOperationOutcome() == null) {
			return failure.getFailureDescription();
		}
		List<String> issues = new ArrayList<>();
		for (int i = 0; i < OperationOutcomeUtil.getIssueCount(context, failure.getOperationOutcome()); i++) {
			issues.add(OperationOutcomeUtil.getIssueDiagnostics(context, failure.getOperationOutcome(), i));
		}
		return String.join("; ", issues);
	}
}
