package org.fhirportal.server.web;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.web.ServerProperties;
import org.springframework.boot.autoconfigure.web.servlet.error.BasicErrorController;
import org.springframework.boot.autoconfigure.web.servlet.error.ErrorViewResolver;
import org.springframework.boot.web.servlet.error.ErrorAttributes;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Replaces Boot's {@code basicErrorController} (it backs off when an ErrorController bean exists). */
@Configuration(proxyBeanMethods = false)
public class ErrorEndpointConfig {

	@Bean
	public BasicErrorController basicErrorController(
			ErrorAttributes errorAttributes, ServerProperties server, ObjectProvider<ErrorViewResolver> resolvers) {
		return new DirectErrorRequests(errorAttributes, server.getError(), resolvers.orderedStream().toList());
	}
}
