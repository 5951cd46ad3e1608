package org.fhirportal.server.rest;

import ca.uhn.fhir.rest.server.exceptions.PayloadTooLargeException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Bounds the body of every request to {@code /fhir} before anything reads it: a declared {@code Content-Length}
 * over the limit is answered at once with 413 and an OperationOutcome (with {@code Expect: 100-continue} the
 * client never sends the body); a body without a length (chunked) is counted while it streams, and the read that
 * crosses the limit fails with HAPI's {@link PayloadTooLargeException}, which HAPI answers as 413 before it parses
 * anything. The limit is {@code portal.fhir.limits.max-request-size}; requests for {@code Binary} may be as large
 * as a Binary of {@code portal.storage.max-binary-size-bytes} in base64 JSON, whose exact limit HAPI's binary
 * storage then checks.
 */
final class RequestSizeLimitFilter extends OncePerRequestFilter {

	private final long maxRequestSize;
	private final long maxBinaryRequestSize;

	RequestSizeLimitFilter(long maxRequestSize, long maxBinarySize) {
		this.maxRequestSize = maxRequestSize;
		// base64 grows the data by 4/3; allow some room for the JSON around it
		this.maxBinaryRequestSize = Math.max(maxRequestSize, maxBinarySize / 3 * 4 + 64 * 1024);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		long limit = isBinary(request) ? maxBinaryRequestSize : maxRequestSize;
		long declared = request.getContentLengthLong();
		if (declared > limit) {
			refuse(response, limit);
			return;
		}
		chain.doFilter(declared >= 0 ? request : new BoundedRequest(request, limit), response);
	}

	private static boolean isBinary(HttpServletRequest request) {
		String path = request.getPathInfo();
		return path != null && (path.equals("/Binary") || path.startsWith("/Binary/"));
	}

	private static void refuse(HttpServletResponse response, long limit) throws IOException {
		response.setStatus(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE);
		response.setContentType("application/fhir+json;charset=UTF-8");
		response.setHeader("Connection", "close");
		response.getWriter().write("{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\",\"code\":\"too-costly\","
				+ "\"diagnostics\":\"" + message(limit) + "\"}]}");
	}

	static String message(long limit) {
		return "The request body is larger than the server accepts (" + limit + " bytes, portal.fhir.limits.max-request-size)";
	}

	/** The request, its body counted as it is read. */
	private static final class BoundedRequest extends HttpServletRequestWrapper {

		private final long limit;
		private ServletInputStream stream;

		BoundedRequest(HttpServletRequest request, long limit) {
			super(request);
			this.limit = limit;
		}

		@Override
		public ServletInputStream getInputStream() throws IOException {
			if (stream == null) {
				stream = new BoundedInputStream(super.getInputStream(), limit);
			}
			return stream;
		}

		@Override
		public BufferedReader getReader() throws IOException {
			String encoding = getCharacterEncoding();
			Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
			return new BufferedReader(new InputStreamReader(getInputStream(), charset));
		}
	}

	private static final class BoundedInputStream extends ServletInputStream {

		private final ServletInputStream delegate;
		private final long limit;
		private long count;

		BoundedInputStream(ServletInputStream delegate, long limit) {
			this.delegate = delegate;
			this.limit = limit;
		}

		@Override
		public int read() throws IOException {
			int b = delegate.read();
			if (b >= 0) {
				counted(1);
			}
			return b;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			int n = delegate.read(buffer, offset, length);
			if (n > 0) {
				counted(n);
			}
			return n;
		}

		private void counted(int n) {
			count += n;
			if (count > limit) {
				throw new PayloadTooLargeException(message(limit));
			}
		}

		@Override
		public boolean isFinished() {
			return delegate.isFinished();
		}

		@Override
		public boolean isReady() {
			return delegate.isReady();
		}

		@Override
		public void setReadListener(ReadListener listener) {
			delegate.setReadListener(listener);
		}
	}
}
