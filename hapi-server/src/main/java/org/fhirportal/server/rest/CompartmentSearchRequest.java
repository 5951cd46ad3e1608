package org.fhirportal.server.rest;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A compartment search's request as HAPI sees it (see {@link PatientCompartmentSearch}): the path of the type's
 * search, and the client's parameters plus the compartment's restriction, in the query string and the parameter
 * map alike (HAPI reads one or the other).
 */
final class CompartmentSearchRequest extends HttpServletRequestWrapper {

	private final String pathInfo;
	private final String queryString;
	private final Map<String, String[]> parameters;

	CompartmentSearchRequest(HttpServletRequest request, String pathInfo, Map<String, String> restriction) {
		super(request);
		this.pathInfo = pathInfo;
		Map<String, String[]> merged = new LinkedHashMap<>(request.getParameterMap());
		restriction.forEach((name, value) -> merged.merge(name, new String[] {value}, CompartmentSearchRequest::concat));
		this.parameters = Collections.unmodifiableMap(merged);
		String added = restriction.entrySet().stream()
				.map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
				.collect(Collectors.joining("&"));
		String original = request.getQueryString();
		this.queryString = original == null || original.isEmpty() ? added : original + "&" + added;
	}

	private static String[] concat(String[] first, String[] second) {
		String[] both = Arrays.copyOf(first, first.length + second.length);
		System.arraycopy(second, 0, both, first.length, second.length);
		return both;
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	@Override
	public String getPathInfo() {
		return pathInfo;
	}

	@Override
	public String getRequestURI() {
		return getContextPath() + getServletPath() + pathInfo;
	}

	@Override
	public StringBuffer getRequestURL() {
		StringBuffer url = new StringBuffer(super.getRequestURL());
		url.setLength(url.length() - super.getRequestURI().length());
		return url.append(getRequestURI());
	}

	@Override
	public String getQueryString() {
		return queryString;
	}

	@Override
	public Map<String, String[]> getParameterMap() {
		return parameters;
	}

	@Override
	public String getParameter(String name) {
		String[] values = parameters.get(name);
		return values == null || values.length == 0 ? null : values[0];
	}

	@Override
	public String[] getParameterValues(String name) {
		return parameters.get(name);
	}

	@Override
	public Enumeration<String> getParameterNames() {
		return Collections.enumeration(parameters.keySet());
	}
}
