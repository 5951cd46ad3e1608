package org.fhirportal.auth.server;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.fhirportal.auth.cluster.ClusterEvents;
import org.fhirportal.auth.SmartAuthProperties;
import org.fhirportal.auth.picker.PatientDirectory;
import org.fhirportal.auth.picker.PatientPickConsentRequirement;
import org.fhirportal.auth.picker.PatientPickerController;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.fhirportal.auth.apps.ConnectedApps;
import org.fhirportal.auth.apps.ConnectedAppsController;
import org.fhirportal.auth.consent.AuditedAuthorizationConsentService;
import org.fhirportal.auth.event.SecurityAuditPublisher;
import org.fhirportal.auth.token.TokenEndpointAuditHandler;
import org.fhirportal.auth.token.TokenRevocationAuditHandler;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.oauth2.server.authorization.web.authentication.OAuth2ErrorAuthenticationFailureHandler;
import org.fhirportal.auth.client.CachingRegisteredClientRepository;
import org.fhirportal.auth.client.HighEntropySecretEncoder;
import org.fhirportal.auth.key.CachingJwkSource;
import org.fhirportal.auth.key.JdbcSigningKeys;
import org.fhirportal.auth.token.RevocationRecordingAuthorizationService;
import org.fhirportal.auth.revocation.RevokedGrants;
import org.fhirportal.auth.revocation.RevokedTokens;
import org.fhirportal.auth.revocation.RotatedRefreshTokens;
import org.fhirportal.auth.token.RefreshTokenReuseDetectingAuthorizationService;
import org.fhirportal.auth.token.TransactionalRefreshTokenAuthenticationProvider;
import org.fhirportal.auth.token.SmartAccessTokenCustomizer;
import org.fhirportal.auth.token.SmartScopeValidator;
import org.fhirportal.auth.token.SmartRefreshTokenGenerator;
import org.fhirportal.auth.client.PublicClientRefreshAuthenticationConverter;
import org.fhirportal.auth.client.SmartClientAssertionDecoderFactory;
import org.fhirportal.auth.registration.ClientRegistrationEndpointCustomizer;
import org.fhirportal.auth.registration.ClientRegistrationProperties;
import org.fhirportal.auth.registration.JwksUriResourceRetriever;
import org.fhirportal.auth.client.UsedClientAssertions;
import org.springframework.security.oauth2.server.authorization.authentication.JwtClientAssertionAuthenticationProvider;
import org.fhirportal.auth.client.PublicClientRefreshAuthenticationProvider;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.server.authorization.token.DelegatingOAuth2TokenGenerator;
import org.springframework.security.oauth2.server.authorization.token.JwtGenerator;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;
import org.fhirportal.auth.token.LaunchContextResponseCustomizer;
import org.fhirportal.auth.token.SmartAuthorizationRequestValidator;
import org.fhirportal.auth.launch.EhrLaunchController;
import org.fhirportal.auth.launch.JdbcEhrLaunches;
import org.fhirportal.auth.account.AccountController;
import org.fhirportal.auth.account.ActivationPageController;
import org.fhirportal.auth.account.ProxyGrantController;
import org.fhirportal.auth.user.ProxyGrants;
import org.fhirportal.auth.consent.ConsentPageController;
import org.fhirportal.auth.user.JdbcActivationCodes;
import org.fhirportal.auth.user.JdbcPortalUsers;
import org.fhirportal.auth.user.LoginAttemptListener;
import org.fhirportal.auth.user.PortalUserDetailsService;
import org.fhirportal.auth.user.UniformTimeAuthenticationProvider;
import org.fhirportal.auth.user.UserPasswords;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.web.authentication.OAuth2AccessTokenResponseAuthenticationSuccessHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.authorization.JdbcOAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.JdbcOAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2RefreshTokenAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.authentication.ClientSecretAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientCredentialsAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.client.JdbcRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.config.annotation.web.configurers.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The OAuth 2.0 / OpenID Connect authorization server: Spring Authorization Server, customised only through its
 * hooks, with its JDBC services so that every node shares clients, authorizations, consents and signing keys.
 */
@Configuration(proxyBeanMethods = false)
public class AuthorizationServerConfig {

	/** Retired signing keys stay published this long, longer than any access token lives. */
	private static final Duration RETIRED_KEY_GRACE = Duration.ofHours(2);

	@Bean
	@Order(1)
	public SecurityFilterChain authorizationServerSecurityFilterChain(HttpSecurity http, PasswordEncoder clientSecretEncoder,
			SmartAuthProperties properties, RegisteredClientRepository clients, SmartClientAssertionDecoderFactory clientAssertions,
			JdbcEhrLaunches launches, OAuth2AuthorizationService authorizations, SecurityAuditPublisher audit,
			AuthorizationServerSettings authorizationServerSettings, JdbcPortalUsers users,
			ClientRegistrationEndpointCustomizer clientRegistration, TransactionTemplate transactions) throws Exception {
		OAuth2AccessTokenResponseAuthenticationSuccessHandler tokenResponse = new OAuth2AccessTokenResponseAuthenticationSuccessHandler();
		tokenResponse.setAccessTokenResponseCustomizer(new LaunchContextResponseCustomizer(
				Optional.of(properties.styleUrl().isBlank() ? org.fhirportal.auth.discovery.SmartStyleEndpointFilter.PATH : properties.styleUrl())));
		TokenEndpointAuditHandler tokenAudit = new TokenEndpointAuditHandler(tokenResponse, new OAuth2ErrorAuthenticationFailureHandler(), audit);
		OAuth2AuthorizationServerConfigurer authorizationServer = OAuth2AuthorizationServerConfigurer.authorizationServer();
		AuthorizationServerCors cors = new AuthorizationServerCors(authorizationServerSettings, properties.corsAllowedOrigins());
		http.securityMatcher(new org.springframework.security.web.util.matcher.OrRequestMatcher(authorizationServer.getEndpointsMatcher(),
						cors.preflights()))
				.cors(browserApps -> browserApps.configurationSource(cors.configurationSource()))
				.with(authorizationServer, server -> server
						.oidc(oidc -> oidc.clientRegistrationEndpoint(clientRegistration))
						.clientAuthentication(clientAuthentication -> clientAuthentication
								.authenticationConverters(converters -> {
									converters.add(0, new org.fhirportal.auth.client.AmbiguousClientAuthenticationConverter());
									converters.add(new PublicClientRefreshAuthenticationConverter());
								})
								.authenticationProviders(providers -> {
									providers.forEach(provider -> {
										if (provider instanceof ClientSecretAuthenticationProvider secrets) {
											secrets.setPasswordEncoder(clientSecretEncoder);
										}
										if (provider instanceof JwtClientAssertionAuthenticationProvider assertions) {
											assertions.setJwtDecoderFactory(clientAssertions);
										}
									});
									providers.add(0, new PublicClientRefreshAuthenticationProvider(clients));
								}))
						.authorizationEndpoint(authorize -> authorize.consentPage("/oauth2/consent")
								.authorizationResponseHandler(new QuietAuthorizationResponseHandler())
								.authenticationProviders(providers -> providers.forEach(provider -> {
							if (provider instanceof OAuth2AuthorizationCodeRequestAuthenticationProvider codeRequests) {
								codeRequests.setAuthenticationValidator(new SmartAuthorizationRequestValidator(properties.fhirPath(), launches));
								codeRequests.setAuthorizationConsentRequired(new PatientPickConsentRequirement(users));
							}
						})))
						.tokenEndpoint(token -> token
								.accessTokenResponseHandler(tokenAudit)
								.errorResponseHandler(tokenAudit)
								.authenticationProviders(providers -> {
									providers.forEach(provider -> {
										if (provider instanceof OAuth2ClientCredentialsAuthenticationProvider clientCredentials) {
											clientCredentials.setAuthenticationValidator(new SmartScopeValidator());
										}
									});
									providers.replaceAll(provider -> provider instanceof OAuth2RefreshTokenAuthenticationProvider
											? new TransactionalRefreshTokenAuthenticationProvider(provider, transactions) : provider);
								}))
						.tokenRevocationEndpoint(revocation -> revocation
								.revocationResponseHandler(new TokenRevocationAuditHandler(authorizations, audit))))
				.authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
				// the registration endpoint takes an administrator's bearer token (scope client.create)
				.oauth2ResourceServer(resourceServer -> resourceServer.jwt(Customizer.withDefaults()))
				.csrf(csrf -> csrf.ignoringRequestMatchers(authorizationServer.getEndpointsMatcher()))
				.requestCache(cache -> cache.requestCache(new AuthorizationRequestCache(authorizationServerSettings.getAuthorizationEndpoint())))
				.exceptionHandling(exceptions -> exceptions
						.defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint("/login"), browserRequests())
						.defaultAuthenticationEntryPointFor(new OAuth2ErrorEntryPoint(), AnyRequestMatcher.INSTANCE));
		return http.build();
	}

	/** Requests that explicitly accept HTML: a person's browser, sent to the login page. */
	private static MediaTypeRequestMatcher browserRequests() {
		MediaTypeRequestMatcher html = new MediaTypeRequestMatcher(MediaType.TEXT_HTML);
		html.setIgnoredMediaTypes(java.util.Set.of(MediaType.ALL));
		return html;
	}

	@Bean
	public AuthorizationServerSettings authorizationServerSettings(SmartAuthProperties properties) {
		AuthorizationServerSettings.Builder settings = AuthorizationServerSettings.builder();
		if (!properties.issuer().isBlank()) {
			settings.issuer(properties.issuer());
		}
		return settings.build();
	}

	/** Client secrets: high-entropy, hashed with SHA-256; see {@link HighEntropySecretEncoder}. */
	@Bean
	public PasswordEncoder clientSecretEncoder() {
		return new DelegatingPasswordEncoder(HighEntropySecretEncoder.ID, Map.of(HighEntropySecretEncoder.ID, new HighEntropySecretEncoder()));
	}

	/**
	 * Clients in the database, each kept in memory for ten seconds after a look-up (see
	 * {@link CachingRegisteredClientRepository}); a change on any node drops the copies of every node through
	 * {@link ClusterEvents}, so the ten seconds bound only a change whose message was lost.
	 */
	@Bean
	public RegisteredClientRepository registeredClientRepository(JdbcTemplate jdbc, ClusterEvents clusterEvents) {
		return new CachingRegisteredClientRepository(new JdbcRegisteredClientRepository(jdbc), Duration.ofSeconds(10), Clock.systemUTC(),
				clusterEvents);
	}

	/** Asymmetric client authentication (SMART Backend Services): registered keys, replay and lifetime checks. */
	@Bean
	public SmartClientAssertionDecoderFactory clientAssertionDecoderFactory(UsedClientAssertions usedAssertions,
			AuthorizationServerSettings settings, ClientRegistrationProperties registration) {
		return new SmartClientAssertionDecoderFactory(usedAssertions, settings.getTokenEndpoint(), Clock.systemUTC(),
				new JwksUriResourceRetriever(registration));
	}

	@Bean
	public UsedClientAssertions usedClientAssertions(JdbcTemplate jdbc) {
		return new UsedClientAssertions(jdbc, Clock.systemUTC());
	}

	@Bean
	public ExpiredRecordsJanitor expiredRecordsJanitor(RevokedTokens revokedTokens, UsedClientAssertions usedAssertions,
			JdbcEhrLaunches launches, RotatedRefreshTokens rotatedRefreshTokens, RevokedGrants revokedGrants) {
		return new ExpiredRecordsJanitor(revokedTokens, usedAssertions, launches, rotatedRefreshTokens, revokedGrants);
	}

	@Bean
	public RevokedTokens revokedTokens(JdbcTemplate jdbc) {
		return new RevokedTokens(jdbc, Clock.systemUTC());
	}

	@Bean
	public OAuth2AuthorizationService authorizationService(JdbcTemplate jdbc, RegisteredClientRepository clients,
			RevokedTokens revokedTokens, RotatedRefreshTokens rotatedRefreshTokens, RevokedGrants revokedGrants, SecurityAuditPublisher audit) {
		return new RefreshTokenReuseDetectingAuthorizationService(
				new RevocationRecordingAuthorizationService(new JdbcOAuth2AuthorizationService(jdbc, clients), revokedTokens),
				jdbc, rotatedRefreshTokens, revokedGrants, revokedTokens, clients, audit);
	}

	@Bean
	public RevokedGrants revokedGrants(JdbcTemplate jdbc, SmartAuthProperties properties) {
		Duration longestRefreshToken = properties.offlineRefreshTokenTtl().compareTo(properties.onlineRefreshTokenTtl()) > 0
				? properties.offlineRefreshTokenTtl() : properties.onlineRefreshTokenTtl();
		return new RevokedGrants(jdbc, Clock.systemUTC(), longestRefreshToken);
	}

	@Bean
	public RotatedRefreshTokens rotatedRefreshTokens(JdbcTemplate jdbc) {
		return new RotatedRefreshTokens(jdbc, Clock.systemUTC());
	}

	@Bean
	public OAuth2AuthorizationConsentService authorizationConsentService(JdbcTemplate jdbc, RegisteredClientRepository clients,
			SecurityAuditPublisher audit) {
		return new AuditedAuthorizationConsentService(new JdbcOAuth2AuthorizationConsentService(jdbc, clients), clients, audit);
	}

	/** Sign-ins, second factors, lockouts, tokens and consents as {@link org.fhirportal.auth.event.SecurityAuditEvent}s. */
	@Bean
	public SecurityAuditPublisher securityAuditPublisher(ApplicationEventPublisher events, JdbcPortalUsers users) {
		return new SecurityAuditPublisher(events, username -> users.find(username).flatMap(org.fhirportal.auth.user.PortalUser::fhirUser),
				Clock.systemUTC());
	}

	/** Published at the JWKS endpoint (every key still in use) and used to check tokens at the FHIR endpoint. */
	@Bean
	public CachingJwkSource jwkSource(JdbcTemplate jdbc, TransactionTemplate transactions) {
		JdbcSigningKeys keys = new JdbcSigningKeys(jdbc, transactions, RETIRED_KEY_GRACE, Clock.systemUTC());
		return new CachingJwkSource(keys, Duration.ofMinutes(1), Clock.systemUTC());
	}

	@Bean
	public JwtEncoder jwtEncoder(CachingJwkSource jwkSource) {
		return new NimbusJwtEncoder(jwkSource.signingKey());
	}

	/**
	 * Access and ID tokens as JWTs shaped by {@link SmartAccessTokenCustomizer}; refresh tokens only for offline or
	 * online access, public clients included ({@link SmartRefreshTokenGenerator}).
	 */
	@Bean
	public OAuth2TokenGenerator<OAuth2Token> tokenGenerator(JwtEncoder jwtEncoder, SmartAuthProperties properties, JdbcPortalUsers users,
			JdbcEhrLaunches launches) {
		JwtGenerator jwts = new JwtGenerator(jwtEncoder);
		jwts.setJwtCustomizer(new SmartAccessTokenCustomizer(properties.fhirPath(), users, launches));
		return new DelegatingOAuth2TokenGenerator(jwts,
				new SmartRefreshTokenGenerator(properties.offlineRefreshTokenTtl(), properties.onlineRefreshTokenTtl(), Clock.systemUTC()));
	}

	/** EHR launch values live ten minutes: long enough for the app to start and the user to sign in. */
	@Bean
	public JdbcEhrLaunches ehrLaunches(JdbcTemplate jdbc) {
		return new JdbcEhrLaunches(jdbc, Duration.ofMinutes(10), Clock.systemUTC());
	}

	@Bean
	public EhrLaunchController ehrLaunchController(JdbcEhrLaunches launches) {
		return new EhrLaunchController(launches);
	}

	/** Activation codes live 14 days: long enough for a letter or a portal invitation e-mail. */
	@Bean
	public JdbcActivationCodes activationCodes(JdbcTemplate jdbc) {
		return new JdbcActivationCodes(jdbc, Duration.ofDays(14), Clock.systemUTC());
	}

	@Bean
	public AccountController accountController(JdbcPortalUsers users, JdbcActivationCodes activationCodes) {
		return new AccountController(users, activationCodes);
	}

	/** The same activation in the browser, at {@code /activate}. */
	@Bean
	public ActivationPageController activationPageController(JdbcPortalUsers users, JdbcActivationCodes activationCodes) {
		return new ActivationPageController(users, activationCodes);
	}

	/** Caregiver proxy grants, read by the FHIR endpoint's access control at every request. */
	@Bean
	public ProxyGrants proxyGrants(JdbcTemplate jdbc) {
		return new ProxyGrants(jdbc, Clock.systemUTC());
	}

	@Bean
	public ProxyGrantController proxyGrantController(ProxyGrants grants, JdbcPortalUsers users) {
		return new ProxyGrantController(grants, users);
	}

	@Bean
	public ConsentPageController consentPageController(RegisteredClientRepository clients, OAuth2AuthorizationConsentService consents,
			ObjectProvider<PatientPickerController> picker) {
		return new ConsentPageController(clients, consents, Optional.ofNullable(picker.getIfAvailable()));
	}

	/**
	 * The patient picker of practitioners' and caregivers' standalone launches, where the application provides a
	 * patient directory.
	 */
	@Bean
	@ConditionalOnBean(PatientDirectory.class)
	public PatientPickerController patientPickerController(JdbcPortalUsers users, OAuth2AuthorizationService authorizations,
			PatientDirectory directory, ProxyGrants proxyGrants) {
		return new PatientPickerController(users, authorizations, directory, proxyGrants);
	}

	@Bean
	public ConnectedApps connectedApps(JdbcTemplate jdbc, RegisteredClientRepository clients, OAuth2AuthorizationConsentService consents,
			OAuth2AuthorizationService authorizations, SecurityAuditPublisher audit) {
		return new ConnectedApps(jdbc, clients, consents, authorizations, audit, Clock.systemUTC());
	}

	@Bean
	public ConnectedAppsController connectedAppsController(ConnectedApps apps, JdbcPortalUsers users) {
		return new ConnectedAppsController(apps, username -> users.find(username).isPresent());
	}

	@Bean
	public JdbcPortalUsers portalUsers(JdbcTemplate jdbc) {
		return new JdbcPortalUsers(jdbc, new UserPasswords(), Clock.systemUTC());
	}

	/**
	 * Users sign in with their portal account; passwords are checked with bcrypt, locked accounts refused, and every
	 * refusal takes a bcrypt check's time ({@link UniformTimeAuthenticationProvider}).
	 */
	@Bean
	public AuthenticationProvider portalUserAuthenticationProvider(JdbcPortalUsers users) {
		BCryptPasswordEncoder passwords = new BCryptPasswordEncoder(10);
		DaoAuthenticationProvider provider = new DaoAuthenticationProvider(new PortalUserDetailsService(users, Clock.systemUTC()));
		provider.setPasswordEncoder(passwords);
		return new UniformTimeAuthenticationProvider(provider, passwords);
	}

	@Bean
	public LoginAttemptListener loginAttemptListener(JdbcPortalUsers users, SmartAuthProperties properties, SecurityAuditPublisher audit) {
		return new LoginAttemptListener(users, properties.lockout().maxAttempts(), properties.lockout().duration(), audit);
	}
}
