package org.fhirportal.server.rest;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.io.ByteArrayInputStream;
import java.util.Locale;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Refuses every XML request body at {@code /fhir} that carries a document type declaration or an XInclude, before
 * any handler parses it: FHIR XML, XML Patch ({@code application/xml-patch+xml}, which HAPI hands to a patch library
 * whose parser resolves external entities) and any operation taking XML. FHIR XML has no use for either (FHIR R4
 * XML format, section 2.6.2: "the XML syntax ... shall not use a DTD"), so refusing them closes XML external entity
 * injection (CWE-611, OWASP XXE Prevention Cheat Sheet: "disable DTDs completely") and the server-side request
 * forgery that external entities allow, whatever parser runs later.
 *
 * <p>The body is read once with a StAX reader that supports no DTD and resolves no external entity; the bytes stay
 * cached in the request for the handler. Raw binary uploads ({@code Binary} with a non-FHIR content type) are stored,
 * not parsed, and pass through.
 */
@Interceptor
public final class XmlBodyGuardInterceptor {

	private static final String XINCLUDE_NAMESPACE = "http://www.w3.org/2001/XInclude";

	private final XMLInputFactory factory;

	public XmlBodyGuardInterceptor() {
		factory = XMLInputFactory.newDefaultFactory();
		factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
		factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
		factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
		factory.setXMLResolver((publicId, systemId, baseUri, namespace) -> {
			throw new XMLStreamException("external entities are not allowed");
		});
	}

	/** At the first hook that sees the request, so that it runs before any other interceptor parses the body. */
	@Hook(Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED)
	public boolean refuseUnsafeXml(RequestDetails request) {
		String contentType = request.getHeader(Constants.HEADER_CONTENT_TYPE);
		if (contentType == null || !isXml(contentType) || isRawBinary(request, contentType)) {
			return true;
		}
		byte[] body = request.loadRequestContents();
		if (body != null && body.length > 0) {
			handleXml(body);
		}
		return true;
	}

	private void handleXml(byte[] body) {
		XMLStreamReader reader = null;
		try {
			reader = factory.createXMLStreamReader(new ByteArrayInputStream(body));
			while (reader.hasNext()) {
				int event = reader.next();
				if (event == XMLStreamConstants.DTD || event == XMLStreamConstants.ENTITY_REFERENCE) {
					throw refused("a document type declaration (DOCTYPE) or entity is not allowed in XML request bodies");
				}
				if (event == XMLStreamConstants.START_ELEMENT && XINCLUDE_NAMESPACE.equals(reader.getNamespaceURI())) {
					throw refused("XInclude is not allowed in XML request bodies");
				}
			}
		} catch (XMLStreamException e) {
			throw refused("the XML request body is not well-formed or uses a forbidden construct (DOCTYPE, entity, XInclude)");
		} finally {
			close(reader);
		}
	}

	private static boolean isXml(String contentType) {
		String mediaType = contentType.toLowerCase(Locale.ROOT);
		int parameters = mediaType.indexOf(';');
		if (parameters >= 0) {
			mediaType = mediaType.substring(0, parameters);
		}
		mediaType = mediaType.trim();
		return mediaType.endsWith("/xml") || mediaType.endsWith("+xml");
	}

	private static boolean isRawBinary(RequestDetails request, String contentType) {
		// as HAPI decides (ResourceParameter): a Binary body is parsed only when its content type is strictly FHIR's
		return "Binary".equals(request.getResourceName()) && EncodingEnum.forContentTypeStrict(contentType) == null;
	}

	private static InvalidRequestException refused(String message) {
		return new InvalidRequestException(message);
	}

	private static void close(XMLStreamReader reader) {
		if (reader != null) {
			try {
				reader.close();
			} catch (XMLStreamException ignored) {
				// nothing was kept open beyond the byte array
			}
		}
	}
}
