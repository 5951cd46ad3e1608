package org.fhirportal.auth.firewall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.StrictHttpFirewall;

class AsciiFastPathFirewallTest {

	/** Printable ASCII, and each kind of value the slow path decides: controls, tab, Latin-1, CJK, emoji, unassigned. */
	private static final List<String> VALUES = List.of("", "Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln-_~", " !\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~",
			"a\tb", "a\nb", "a\rb", "a\u0000b", "a\u007Fb", "a\u0085b", "Zoë Müller", "患者", "\uD83D\uDE00", "a\u0378b", "a\uFFFFb", "\uD800");

	@Test
	void everyRuleWhenTakingTheAsciiFastPathThenAcceptsAndRefusesExactlyWhatSpringsRuleDoes() {
		for (Predicate<String> rule : List.of(StrictHttpFirewall.ALLOWED_HEADER_NAMES, StrictHttpFirewall.ALLOWED_HEADER_VALUES,
				StrictHttpFirewall.ALLOWED_PARAMETER_NAMES, StrictHttpFirewall.ALLOWED_PARAMETER_VALUES)) {
			Predicate<String> fast = AsciiFastPathFirewall.withAsciiFastPath(rule);
			for (String value : VALUES) {
				assertThat(fast.test(value)).as("%s", value.chars().mapToObj(c -> String.format("U+%04X", c)).toList()).isEqualTo(rule.test(value));
			}
		}
	}

	@Test
	void requestWhenHeaderHoldsAControlCharacterThenStillRefusedOnRead() {
		HttpFirewall firewall = AsciiFastPathFirewall.strict();
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/fhir/Patient/1");
		request.addHeader("Authorization", "Bearer abc");
		request.addHeader("X-Bad", "a\u0000b");

		var checked = firewall.getFirewalledRequest(request);

		assertThat(checked.getHeader("Authorization")).isEqualTo("Bearer abc");
		assertThrows(RequestRejectedException.class, () -> checked.getHeader("X-Bad"));
	}
}
