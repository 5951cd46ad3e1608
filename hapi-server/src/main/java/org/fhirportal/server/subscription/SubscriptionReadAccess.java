package org.fhirportal.server.subscription;

import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.rest.api.RequestTypeEnum;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.interceptor.auth.AuthorizationInterceptor;
import ca.uhn.fhir.rest.server.interceptor.auth.PolicyEnum;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import java.util.HashMap;
import java.util.Objects;
import org.fhirportal.auth.resource.SmartAccessAuthentication;
import org.fhirportal.server.rest.FhirEndpoint;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextImpl;

/**
 * Whether a token may read a Subscription, decided by the FHIR endpoint's own guard (the portal's
 * {@link AuthorizationInterceptor}) as for {@code GET /fhir/Subscription/{id}}: the request is checked as it comes in,
 * then the stored Subscription as the response. Without a guard (access control switched off) every Subscription is
 * readable, as it is over FHIR.
 */
final class SubscriptionReadAccess {

	private final DaoRegistry daos;
	private final ObjectProvider<FhirEndpoint> endpoint;
	private final ObjectProvider<AuthorizationInterceptor> guard;

	SubscriptionReadAccess(DaoRegistry daos, ObjectProvider<FhirEndpoint> endpoint, ObjectProvider<AuthorizationInterceptor> guard) {
		this.daos = Objects.requireNonNull(daos, "daos");
		this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
		this.guard = Objects.requireNonNull(guard, "guard");
	}

	boolean mayRead(SmartAccessAuthentication caller, IIdType id) {
		IBaseResource subscription;
		try {
			IFhirResourceDao<?> dao = daos.getResourceDao("Subscription");
			subscription = dao.read(id.toUnqualifiedVersionless(), new SystemRequestDetails());
		} catch (ResourceNotFoundException | ResourceGoneException unknown) {
			return false;
		}
		AuthorizationInterceptor authorization = guard.getIfAvailable();
		if (authorization == null) {
			return true;
		}
		RestfulServer server = endpoint.getObject().server();
		ServletRequestDetails read = new ServletRequestDetails(server.getInterceptorService());
		read.setServer(server);
		read.setRequestType(RequestTypeEnum.GET);
		read.setRestOperationType(RestOperationTypeEnum.READ);
		read.setResourceName("Subscription");
		read.setId(id.toUnqualifiedVersionless());
		read.setParameters(new HashMap<>());
		SecurityContext previous = SecurityContextHolder.getContext();
		SecurityContextHolder.setContext(new SecurityContextImpl(caller));
		try {
			return allowed(authorization, read, null, Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED)
					&& allowed(authorization, read, subscription, Pointcut.STORAGE_PRESHOW_RESOURCES);
		} finally {
			SecurityContextHolder.setContext(previous);
		}
	}

	private static boolean allowed(AuthorizationInterceptor authorization, ServletRequestDetails read, IBaseResource output,
			Pointcut pointcut) {
		return authorization.applyRulesAndReturnDecision(RestOperationTypeEnum.READ, read, null, read.getId(), output, pointcut)
				.getDecision() == PolicyEnum.ALLOW;
	}
}
