package org.fhirportal.server.storage;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import java.nio.file.Files;
import java.nio.file.Path;
import org.fhirportal.server.FhirPortalServerApplication;
import org.fhirportal.server.support.TestResources;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;

/** Data written to the default H2 database survives a stop and start of the server on the same data dir. */
class H2RestartPersistenceTest {

	@TempDir
	Path dataDir;

	@Test
	void patientWhenServerRestartedOnSameDataDirThenStillReadable() {
		String family = TestResources.unique("Restart");
		String id;
		try (ServletWebServerApplicationContext first = start()) {
			IdType created = (IdType) client(first).create().resource(TestResources.patient(family)).execute().getId();
			id = created.getIdPart();
		}
		assertThat(dataDir.resolve("h2")).isDirectory();
		assertThat(Files.exists(dataDir.resolve("h2/fhir-portal.mv.db"))).isTrue();

		try (ServletWebServerApplicationContext second = start()) {
			Patient read = client(second).read().resource(Patient.class).withId(id).execute();
			assertThat(read.getNameFirstRep().getFamily()).isEqualTo(family);
		}
	}

	private ServletWebServerApplicationContext start() {
		return (ServletWebServerApplicationContext) new SpringApplicationBuilder(FhirPortalServerApplication.class)
				.run("--server.port=0", "--portal.data-dir=" + dataDir);
	}

	private static IGenericClient client(ServletWebServerApplicationContext context) {
		FhirContext fhirContext = context.getBean(FhirContext.class);
		fhirContext.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
		return fhirContext.newRestfulGenericClient("http://127.0.0.1:" + context.getWebServer().getPort() + "/fhir");
	}
}
