package org.fhirportal.server.support;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.AbstractMap.SimpleEntry;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.net.ssl.SSLContext;

/**
 * A public SMART app's standalone launch, played as the user's browser would: authorization request with PKCE
 * S256 and {@code aud}, sign-in form, consent form (optionally with scopes unticked), then the code exchange.
 */
public final class SmartAppLaunch {

	public static final String REDIRECT = "https://app.example/callback";

	private final String root;
	private final String clientId;
	private final String verifier = UUID.randomUUID() + "-" + UUID.randomUUID();
	private final SSLContext tls;
	private final TestBrowser browser;
	private String launch;
	private String totpSecret;

	public SmartAppLaunch(String root, String clientId) {
		this(root, clientId, null);
	}

	/** A launch against an {@code https} server whose certificate {@code tls} trusts. */
	public SmartAppLaunch(String root, String clientId, SSLContext tls) {
		this.root = root;
		this.clientId = clientId;
		this.tls = tls;
		this.browser = new TestBrowser(tls);
	}

	/** An EHR launch: the authorization request carries this {@code launch} value. */
	public SmartAppLaunch withLaunch(String launchValue) {
		this.launch = launchValue;
		return this;
	}

	public String verifier() {
		return verifier;
	}

	public TestBrowser browser() {
		return browser;
	}

	public String authorizeUrl(String aud, String scope) {
		return root + "/oauth2/authorize?response_type=code&client_id=" + clientId + "&redirect_uri=" + enc(REDIRECT)
				+ "&scope=" + enc(scope) + "&state=xyz&aud=" + enc(aud) + "&code_challenge=" + challenge(verifier)
				+ "&code_challenge_method=S256" + (launch == null ? "" : "&launch=" + enc(launch));
	}

	/** Signs in and returns the consent page. */
	public HttpResponse<String> signInToConsent(String username, String password, String scope) {
		HttpResponse<String> login = browser.followWithin(root, browser.get(authorizeUrl(root + "/fhir", scope)));
		HttpResponse<String> consent = browser.followWithin(root, browser.postForm(root + "/login", List.of(
				new SimpleEntry<>("username", username), new SimpleEntry<>("password", password), csrf(login.body()))));
		return consent.uri().getPath().equals("/login/mfa") ? browser.followWithin(root, secondFactor(consent.body())) : consent;
	}

	/** Sign-in and consent; returns the code from the redirect to the app. */
	public String authorize(String username, String password, String scope, String... untick) {
		HttpResponse<String> login = browser.followWithin(root, browser.get(authorizeUrl(root + "/fhir", scope)));
		if (!login.uri().getPath().equals("/login")) {
			throw new AssertionError("expected the sign-in page, got " + login.statusCode() + " " + login.uri());
		}
		HttpResponse<String> consent = browser.followWithin(root, browser.postForm(root + "/login", List.of(
				new SimpleEntry<>("username", username), new SimpleEntry<>("password", password), csrf(login.body()))));
		if (consent.uri().getPath().equals("/login/mfa")) {
			consent = browser.followWithin(root, secondFactor(consent.body()));
		}
		if (consent.statusCode() != 200) {
			throw new AssertionError("expected the consent page, got " + consent.statusCode() + " " + consent.headers().map());
		}
		HttpResponse<String> redirect = browser.followWithin(root, browser.postForm(root + "/oauth2/authorize", consentChoice(consent.body(), untick)));
		URI callback = URI.create(redirect.headers().firstValue("Location").orElseThrow());
		return query(callback, "code");
	}

	/**
	 * Answers the second sign-in step as the user's authenticator app would: with the code of the secret shown at
	 * enrolment (a user who enrolled earlier must be signed in with {@link #withTotpSecret}).
	 */
	public HttpResponse<String> secondFactor(String page) {
		java.util.regex.Matcher shown = java.util.regex.Pattern.compile("<code id=\"secret\">([A-Z2-7]+)</code>").matcher(page);
		if (shown.find()) {
			totpSecret = shown.group(1);
		}
		if (totpSecret == null) {
			throw new AssertionError("asked for a code without an enrolled secret: " + page);
		}
		return browser.postForm(root + "/login/mfa", List.of(new SimpleEntry<>("code", Totp.now(totpSecret)), csrf(page)));
	}

	/** The TOTP secret this user enrolled with, as their authenticator app keeps it. */
	public SmartAppLaunch withTotpSecret(String secret) {
		this.totpSecret = secret;
		return this;
	}

	public String totpSecret() {
		return totpSecret;
	}

	/** The whole launch; returns the token response. */
	public HttpResponse<String> launch(String username, String password, String scope, String... untick) {
		return exchange(authorize(username, password, scope, untick), verifier);
	}

	/** The authorization_code grant's form fields for the code with this launch's PKCE verifier, without client authentication. */
	public String codeGrantForm(String code) {
		return "grant_type=authorization_code&code=" + enc(code) + "&redirect_uri=" + enc(REDIRECT) + "&code_verifier=" + enc(verifier);
	}

	public HttpResponse<String> exchange(String code, String codeVerifier) {
		String form = "grant_type=authorization_code&code=" + enc(code) + "&redirect_uri=" + enc(REDIRECT) + "&client_id=" + clientId
				+ (codeVerifier.isEmpty() ? "" : "&code_verifier=" + enc(codeVerifier));
		return new TokenClient(root, tls).send(HttpRequest.newBuilder(URI.create(root + "/oauth2/token"))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(form)).build());
	}

	public static Map.Entry<String, String> csrf(String html) {
		return TestBrowser.inputs(html).stream().filter(i -> "_csrf".equals(i.get("name")))
				.map(i -> (Map.Entry<String, String>) new SimpleEntry<>("_csrf", i.get("value"))).findFirst()
				.orElseThrow(() -> new AssertionError("no CSRF token in " + html));
	}

	/** The consent form as the user submits it: hidden fields, and every offered scope except the unticked ones. */
	static List<Map.Entry<String, String>> consentChoice(String html, String... untick) {
		List<Map.Entry<String, String>> fields = new ArrayList<>();
		String allowForm = html.substring(0, html.indexOf("</form>"));
		for (Map<String, String> input : TestBrowser.inputs(allowForm)) {
			String name = input.get("name");
			if (name == null || ("scope".equals(name) && List.of(untick).contains(input.get("value")))) {
				continue;
			}
			fields.add(new SimpleEntry<>(name, input.getOrDefault("value", "")));
		}
		return fields;
	}

	public static String query(URI uri, String name) {
		for (String pair : uri.getRawQuery().split("&")) {
			String[] kv = pair.split("=", 2);
			if (kv[0].equals(name)) {
				return URLDecoder.decode(kv[1], StandardCharsets.UTF_8);
			}
		}
		throw new AssertionError("no " + name + " in " + uri);
	}

	private static String challenge(String verifier) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
		} catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}

	private static String enc(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}
}
