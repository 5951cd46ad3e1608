package org.fhirportal.auth.registration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of dynamic client registration ({@code smart.auth.registration.*}).
 *
 * @param allowHttpJwksUriOnLoopback accept a {@code jwks_uri} on a loopback address ({@code http://127.0.0.1:...},
 *                                   {@code localhost}); for development and tests only, since it lets the server
 *                                   fetch from its own host. Off by default: a {@code jwks_uri} must be https on
 *                                   a host that is not loopback, link-local or unspecified.
 */
@Validated
@ConfigurationProperties("smart.auth.registration")
public record ClientRegistrationProperties(@DefaultValue("false") boolean allowHttpJwksUriOnLoopback) {}
