package org.fhirportal.server.storage;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.jpa.dao.data.IResourceTableDao;
import java.util.concurrent.TimeUnit;
import org.fhirportal.server.support.PortalServerTest;
import org.junit.jupiter.api.Test;
import org.springframework.aop.framework.Advised;
import org.springframework.beans.factory.annotation.Autowired;

/** HAPI's repositories are created on first use or by the warm-up after start-up, never eagerly. */
@PortalServerTest
class LazyRepositoryBootstrapTest {

	@Autowired
	IResourceTableDao resourceTableDao;

	@Autowired
	LazyRepositoryBootstrap bootstrap;

	@Autowired
	RepositoryWarmUp warmUp;

	@Test
	void repositoryInjectionPointsReceiveALazyProxyThatReachesTheRepository() {
		assertThat(resourceTableDao).isInstanceOf(Advised.class);
		assertThat(((Advised) resourceTableDao).getTargetSource().getClass().getName())
				.as("the injected object resolves the repository on first call")
				.contains("LazyDependencyTargetSource");
		assertThat(resourceTableDao.count()).isPositive();
	}

	@Test
	void everyHapiRepositoryIsBootstrappedLazilyAndCreatedByTheWarmUp() throws Exception {
		assertThat(bootstrap.lazyBeanNames()).hasSizeGreaterThan(40).contains("IResourceTableDao");
		assertThat(warmUp.done().get(5, TimeUnit.MINUTES)).isEqualTo(bootstrap.lazyBeanNames().size());
	}
}
