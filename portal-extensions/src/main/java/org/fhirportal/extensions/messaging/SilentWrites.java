package org.fhirportal.extensions.messaging;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.interceptor.executor.InterceptorService;
import ca.uhn.fhir.jpa.subscription.model.ResourceModifiedMessage;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;

/**
 * Request details for the server's own bookkeeping writes that subscribers must not hear about (a read receipt is a
 * new version of a message that only adds {@code received}: notifying it would deliver the message a second time).
 * HAPI asks the hooks of the writing request as well as the server's before it matches a change against
 * subscriptions ({@code SUBSCRIPTION_RESOURCE_MODIFIED}); the hook here answers "leave it out" for every change made
 * with these request details, and for nothing else.
 */
public final class SilentWrites {

	private static final InterceptorService HOOKS = new InterceptorService("silent-writes");

	static {
		HOOKS.registerInterceptor(new NotMatchedAgainstSubscriptions());
	}

	private SilentWrites() {}

	/** New request details, for one write, that subscriptions ignore. */
	static SystemRequestDetails request() {
		return new SystemRequestDetails(HOOKS);
	}

	@Interceptor
	public static final class NotMatchedAgainstSubscriptions {

		@Hook(Pointcut.SUBSCRIPTION_RESOURCE_MODIFIED)
		public boolean resourceModified(ResourceModifiedMessage message) {
			return false;
		}
	}
}
