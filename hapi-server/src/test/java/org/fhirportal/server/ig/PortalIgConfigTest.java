package org.fhirportal.server.ig;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.server.RestfulServer;
import org.fhirportal.server.rest.FhirEndpoint;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The {@code portal.ig.validation.enabled} switch (the benchmark baseline turns it off). */
class PortalIgConfigTest {

	private final FhirContext context = FhirContext.forR4Cached();
	private final PortalProfileValidatingInterceptor validation = new PortalProfileValidatingInterceptor(
			context, () -> {
				throw new AssertionError("no profiles, no rules");
			}, Map.of());

	@Test
	void propertiesWhenNothingSetThenValidationAndWarmUpOn() {
		IgProperties properties = bind(Map.of());

		assertThat(properties.validation().enabled()).isTrue();
		assertThat(properties.validation().warmUp()).isTrue();
	}

	@Test
	void validationWhenSwitchedOffThenNotRegisteredOnTheFhirServer() {
		RestfulServer server = new RestfulServer(context);

		new PortalIgConfig()
				.portalProfileValidationRegistration(new FhirEndpoint(server), validation, bind(Map.of("portal.ig.validation.enabled", "false")))
				.afterSingletonsInstantiated();

		assertThat(server.getInterceptorService().getAllRegisteredInterceptors()).doesNotContain(validation);
	}

	@Test
	void validationWhenOnThenRegisteredOnTheFhirServer() {
		RestfulServer server = new RestfulServer(context);

		new PortalIgConfig().portalProfileValidationRegistration(new FhirEndpoint(server), validation, bind(Map.of())).afterSingletonsInstantiated();

		assertThat(server.getInterceptorService().getAllRegisteredInterceptors()).contains(validation);
	}

	private static IgProperties bind(Map<String, String> properties) {
		return new Binder(new MapConfigurationPropertySource(properties))
				.bindOrCreate("portal.ig", Bindable.of(IgProperties.class));
	}
}
