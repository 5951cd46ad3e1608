package org.fhirportal.server.ig;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.interceptor.validation.RepositoryValidatingRuleBuilder;
import ca.uhn.fhir.jpa.packages.IHapiPackageCacheManager;
import ca.uhn.fhir.jpa.packages.IPackageInstallerSvc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.fhirportal.server.rest.FhirEndpoint;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The portal's Implementation Guide on this server: the package from the {@code ig} module is installed at
 * start-up ({@link PortalIgInstaller}), and, unless {@code portal.ig.validation.enabled=false}, portal writes
 * over the FHIR API must conform to its profiles ({@link PortalProfileValidatingInterceptor}), with the
 * validator warmed up in the background once the server is ready.
 */
@Configuration(proxyBeanMethods = false)
public class PortalIgConfig {

	private static final Logger log = LoggerFactory.getLogger(PortalIgConfig.class);

	@Bean
	PortalIgPackage portalIgPackage(FhirContext context) {
		return PortalIgPackage.fromClasspath(context);
	}

	@Bean
	PortalIgInstaller portalIgInstaller(
			PortalIgPackage igPackage, IPackageInstallerSvc installer, IHapiPackageCacheManager packageStore) {
		return new PortalIgInstaller(igPackage, installer, packageStore);
	}

	@Bean
	PortalProfileValidatingInterceptor portalProfileValidatingInterceptor(
			FhirContext context, ObjectProvider<RepositoryValidatingRuleBuilder> ruleBuilders, PortalIgPackage igPackage) {
		return new PortalProfileValidatingInterceptor(context, ruleBuilders::getObject, igPackage.profileTypes());
	}

	@Bean
	SmartInitializingSingleton portalProfileValidationRegistration(
			FhirEndpoint endpoint, PortalProfileValidatingInterceptor validation, IgProperties properties) {
		return () -> {
			if (properties.validation().enabled()) {
				endpoint.server().registerInterceptor(validation);
			} else {
				log.info("Portal write validation is off (portal.ig.validation.enabled=false)");
			}
		};
	}

	@Bean
	ValidatorWarmUp portalIgValidatorWarmUp(
			PortalProfileValidatingInterceptor validation, PortalIgPackage igPackage, FhirContext context,
			IgProperties properties) {
		return new ValidatorWarmUp(validation, igPackage, context, properties.validation().enabled() && properties.validation().warmUp());
	}
}
