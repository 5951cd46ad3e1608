package org.fhirportal.server.rest;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.StrictErrorHandler;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.api.RequestTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Resource;

/**
 * Checks the FHIR body of every write to {@code /fhir} ({@code POST}, {@code PUT}, {@code PATCH} with a FHIR JSON or
 * XML body) before HAPI acts on it, at {@link Pointcut#SERVER_INCOMING_REQUEST_POST_PROCESSED}:
 * <ul>
 *   <li>it parses with HAPI's {@link StrictErrorHandler}, so that a wrong-shaped element ({@code "name":"notarray"},
 *       an unknown element, an element in the wrong namespace) answers 400 naming the element instead of being
 *       dropped silently (the lenient default of the context, which JPA keeps for reading stored resources);</li>
 *   <li>every value must be storable: decimals within the range of a double (the search index holds doubles:
 *       {@code 1e400} is infinite there), strings free of unpaired UTF-16 surrogates (no valid UTF-8 encoding);</li>
 *   <li>no element repeats more than {@code portal.fhir.limits.max-element-repeats} times ({@link ElementRepeats});</li>
 *   <li>a batch or transaction has at most {@code portal.fhir.limits.max-bundle-entries} entries, counted before
 *       any entry is processed.</li>
 * </ul>
 * The body is read once ({@link RequestDetails#loadRequestContents()} keeps it for HAPI's own parse). Its size is
 * bounded before, by {@link RequestSizeLimitFilter}.
 */
@Interceptor
public final class IncomingBodyRules {

	private final FhirContext fhir;
	private final int maxBundleEntries;
	private final int maxElementRepeats;

	public IncomingBodyRules(FhirContext fhir, int maxBundleEntries, int maxElementRepeats) {
		this.fhir = Objects.requireNonNull(fhir, "fhir");
		this.maxBundleEntries = maxBundleEntries;
		this.maxElementRepeats = maxElementRepeats;
	}

	@Hook(Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED)
	public boolean incomingRequest(RequestDetails request) {
		handleBody(request);
		return true;
	}

	private void handleBody(RequestDetails request) {
		RequestTypeEnum method = request.getRequestType();
		if (method != RequestTypeEnum.POST && method != RequestTypeEnum.PUT && method != RequestTypeEnum.PATCH) {
			return;
		}
		EncodingEnum encoding = EncodingEnum.forContentTypeStrict(request.getHeader(Constants.HEADER_CONTENT_TYPE));
		if (encoding == null || encoding == EncodingEnum.RDF || encoding == EncodingEnum.NDJSON) {
			return; // not a FHIR resource body (form search, JSON/XML Patch, a raw Binary)
		}
		byte[] body = request.loadRequestContents();
		if (body == null || body.length == 0) {
			return;
		}
		IBaseResource resource = parseStrictly(encoding, body);
		if (resource instanceof Bundle bundle && bundle.getEntry().size() > maxBundleEntries) {
			throw invalid("A " + bundle.getTypeElement().getValueAsString() + " Bundle may hold at most " + maxBundleEntries
					+ " entries (portal.fhir.limits.max-bundle-entries); this one holds " + bundle.getEntry().size(), "Bundle.entry");
		}
		if (resource instanceof Resource parsed) {
			ElementRepeats.firstOver(parsed, parsed.fhirType(), maxElementRepeats).ifPresent(over -> {
				throw invalid("An element may repeat at most " + maxElementRepeats + " times (portal.fhir.limits.max-element-repeats); "
						+ over, over.substring(0, over.indexOf(' ')));
			});
		}
		checkValues(resource);
	}

	private IBaseResource parseStrictly(EncodingEnum encoding, byte[] body) {
		IParser parser = encoding.newParser(fhir).setParserErrorHandler(new StrictErrorHandler());
		try (Reader reader = new InputStreamReader(new java.io.ByteArrayInputStream(body), StandardCharsets.UTF_8)) {
			return parser.parseResource(reader);
		} catch (DataFormatException e) {
			throw invalid("The resource is malformed: " + e.getMessage(), null);
		} catch (java.io.IOException e) {
			throw new java.io.UncheckedIOException(e);
		}
	}

	private void checkValues(IBaseResource resource) {
		for (IPrimitiveType<?> value : fhir.newTerser().getAllPopulatedChildElementsOfType(resource, IPrimitiveType.class)) {
			if (value.getValue() instanceof BigDecimal decimal && Double.isInfinite(decimal.doubleValue())) {
				throw invalid("The decimal " + abbreviated(value.getValueAsString()) + " is out of range (at most about 1.8e308)", null);
			}
			String text = value.getValueAsString();
			if (text != null && hasUnpairedSurrogate(text)) {
				throw invalid("A string holds an unpaired UTF-16 surrogate (no character): '" + abbreviated(text.replaceAll("\\p{Cs}", "\uFFFD")) + "'", null);
			}
		}
	}

	private static boolean hasUnpairedSurrogate(String text) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
				i++;
			} else if (Character.isSurrogate(c)) {
				return true;
			}
		}
		return false;
	}

	private static String abbreviated(String text) {
		return text.length() <= 40 ? text : text.substring(0, 40) + "...";
	}

	private static InvalidRequestException invalid(String message, String expression) {
		OperationOutcome outcome = new OperationOutcome();
		OperationOutcome.OperationOutcomeIssueComponent issue = outcome.addIssue()
				.setSeverity(OperationOutcome.IssueSeverity.ERROR)
				.setCode(expression == null ? OperationOutcome.IssueType.STRUCTURE : OperationOutcome.IssueType.TOOCOSTLY)
				.setDiagnostics(message);
		if (expression != null) {
			issue.addExpression(expression);
		}
		return new InvalidRequestException(message, outcome);
	}
}
