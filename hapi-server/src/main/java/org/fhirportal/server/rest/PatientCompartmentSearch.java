package org.fhirportal.server.rest;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeSearchParam;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fhirportal.extensions.access.CompartmentSearchAccessInterceptor;
import org.hl7.fhir.instance.model.api.IIdType;

/**
 * Compartment search on the Patient compartment, which HAPI's JPA server does not offer: {@code GET
 * Patient/123/Observation?params} is answered as the type's search {@code GET Observation?params} restricted to
 * the resources that the compartment's parameters for the type reference {@code Patient/123} from (R4 REST API,
 * <a href="https://hl7.org/fhir/R4/http.html#vsearch">search, compartments</a>, and
 * <a href="https://hl7.org/fhir/R4/compartmentdefinition-patient.html">CompartmentDefinition/patient</a>, as
 * HAPI's model lists the parameters). Hand-written: the request is rewritten before HAPI sees it, so access
 * control, narrowing, paging, {@code _include} and audit are those of an ordinary search.
 *
 * <p>A type with one compartment parameter gets {@code param=Patient/123}. For several (Observation: patient,
 * subject, performer), which one JPA search cannot OR, each parameter is searched on its own (ids only) and the
 * search runs on the union of ids ({@code _id=...}). The request is marked with
 * {@link CompartmentSearchAccessInterceptor#COMPARTMENT_OWNER} so that access control refuses another patient's
 * compartment as it refuses a read of their data.
 */
final class PatientCompartmentSearch {

	private static final Pattern PATH = Pattern.compile("^/Patient/([A-Za-z0-9\\-.]{1,64})/([A-Z][A-Za-z]{1,63})$");

	private final FhirContext context;
	private final DaoRegistry daos;

	PatientCompartmentSearch(FhirContext context, DaoRegistry daos) {
		this.context = Objects.requireNonNull(context, "context");
		this.daos = Objects.requireNonNull(daos, "daos");
	}

	/** The request as the type's search when it is a Patient compartment search, else the request itself. */
	HttpServletRequest rewrite(HttpServletRequest request) {
		String path = request.getPathInfo();
		Matcher matcher = path == null ? null : PATH.matcher(path);
		if (!"GET".equals(request.getMethod()) || matcher == null || !matcher.matches()) {
			return request;
		}
		String type = matcher.group(2);
		if (!context.getResourceTypes().contains(type) || !daos.isResourceTypeSupported(type)) {
			return request;
		}
		List<RuntimeSearchParam> parameters = context.getResourceDefinition(type).getSearchParamsForCompartmentName("Patient");
		if (parameters.isEmpty()) {
			return request; // not in the compartment: HAPI's answer (400) as for any path it does not know
		}
		String owner = "Patient/" + matcher.group(1);
		request.setAttribute(CompartmentSearchAccessInterceptor.COMPARTMENT_OWNER, owner);
		return new CompartmentSearchRequest(request, "/" + type, restriction(type, parameters, owner));
	}

	private Map<String, String> restriction(String type, List<RuntimeSearchParam> parameters, String owner) {
		Map<String, String> restriction = new LinkedHashMap<>();
		if (parameters.size() == 1) {
			restriction.put(parameters.get(0).getName(), owner);
			return restriction;
		}
		IFhirResourceDao<?> dao = daos.getResourceDao(type);
		Set<String> members = new LinkedHashSet<>();
		for (RuntimeSearchParam parameter : parameters) {
			SearchParameterMap query = SearchParameterMap.newSynchronous(parameter.getName(), new ReferenceParam(owner));
			for (IIdType id : dao.searchForResourceIds(query, new SystemRequestDetails())) {
				members.add(id.getIdPart());
			}
		}
		if (members.isEmpty()) {
			restriction.put(parameters.get(0).getName(), owner); // an empty compartment: a search that finds nothing
		} else {
			restriction.put("_id", String.join(",", members));
		}
		return restriction;
	}
}
