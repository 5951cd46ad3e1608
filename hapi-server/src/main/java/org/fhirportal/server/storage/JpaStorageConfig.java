package org.fhirportal.server.storage;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.IDaoRegistry;
import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.jpa.api.config.ThreadPoolFactoryConfig;
import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.jpa.binstore.DatabaseBinaryContentStorageSvcImpl;
import ca.uhn.fhir.jpa.config.util.HapiEntityManagerFactoryUtil;
import ca.uhn.fhir.jpa.config.util.ResourceCountCacheUtil;
import ca.uhn.fhir.jpa.dao.FulltextSearchSvcImpl;
import ca.uhn.fhir.jpa.dao.IFulltextSearchSvc;
import ca.uhn.fhir.jpa.dao.search.HSearchSortHelperImpl;
import ca.uhn.fhir.jpa.dao.search.IHSearchSortHelper;
import ca.uhn.fhir.jpa.model.config.PartitionSettings;
import ca.uhn.fhir.jpa.provider.DaoRegistryResourceSupportedSvc;
import ca.uhn.fhir.jpa.search.IStaleSearchDeletingSvc;
import ca.uhn.fhir.jpa.search.StaleSearchDeletingSvcImpl;
import ca.uhn.fhir.jpa.util.ResourceCountCache;
import ca.uhn.fhir.rest.api.IResourceSupportedSvc;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import jakarta.persistence.EntityManagerFactory;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.fhirportal.server.rest.FhirLimitsProperties;
import org.hibernate.boot.model.naming.CamelCaseToUnderscoresNamingStrategy;
import org.hibernate.cfg.AvailableSettings;
import org.hibernate.jpa.SpecHints;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.orm.jpa.JpaProperties;
import org.springframework.boot.orm.jpa.hibernate.SpringImplicitNamingStrategy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.orm.jpa.LocalContainerEntityManagerFactoryBean;

/**
 * The JPA side of HAPI FHIR: entity manager, transactions and the storage services that
 * {@code JpaR4Config} expects the application to provide. The database itself is whatever
 * {@code spring.datasource.*} names (an H2 file database by default, see {@link EmbeddedH2DataSourceConfig}).
 */
@Configuration(proxyBeanMethods = false)
@Import(ThreadPoolFactoryConfig.class)
public class JpaStorageConfig {

	@Bean
	public JpaStorageSettings jpaStorageSettings(StorageProperties properties) {
		JpaStorageSettings settings = new JpaStorageSettings();
		settings.setAllowExternalReferences(false);
		settings.setAutoCreatePlaceholderReferenceTargets(false);
		settings.setIndexMissingFields(JpaStorageSettings.IndexEnabledEnum.DISABLED);
		settings.setEnforceReferentialIntegrityOnWrite(true);
		settings.setEnforceReferentialIntegrityOnDelete(true);
		settings.setDeleteExpungeEnabled(false);
		settings.setExpungeEnabled(false);
		// Must be true for the IG's own SearchParameters to take effect at all: in HAPI 8.8, false makes the
		// registry ignore every stored SearchParameter (hapifhir/hapi-fhir#2631). SearchParameter writes need
		// system scopes, so only administrators and backend clients can add or override one.
		settings.setDefaultSearchParamsCanBeOverridden(true);
		settings.setHibernateSearchIndexFullText(false);
		settings.setHibernateSearchIndexSearchParams(false);
		settings.setMatchUrlCacheEnabled(true);
		// A patient who cancels an appointment must not see it "booked" from a cached search a minute later.
		settings.setReuseCachedSearchResultsForMillis(null);
		settings.setBulkExportFileRetentionPeriodHours(properties.bulkExportRetentionHours());
		// Never hand one requester's export to another who asked the same question.
		settings.setEnableBulkExportJobReuse(false);
		// Advance small Batch2 jobs (bulk export) step by step without waiting for the one-minute maintenance pass.
		settings.setJobFastTrackingEnabled(true);
		return settings;
	}

	/** See {@link LazyRepositoryBootstrap}: static, as every {@code BeanFactoryPostProcessor} bean must be. */
	@Bean
	static LazyRepositoryBootstrap lazyRepositoryBootstrap() {
		return new LazyRepositoryBootstrap();
	}

	@Bean
	RepositoryWarmUp repositoryWarmUp(ConfigurableListableBeanFactory beanFactory, LazyRepositoryBootstrap bootstrap) {
		return new RepositoryWarmUp(beanFactory, bootstrap);
	}

	@Bean
	public PartitionSettings partitionSettings() {
		return new PartitionSettings();
	}

	@Primary
	@Bean
	public LocalContainerEntityManagerFactoryBean entityManagerFactory(
			ConfigurableListableBeanFactory beanFactory,
			FhirContext fhirContext,
			JpaStorageSettings storageSettings,
			JpaProperties jpaProperties,
			FhirLimitsProperties limits,
			DataSource dataSource) {
		LocalContainerEntityManagerFactoryBean factory =
				HapiEntityManagerFactoryUtil.newEntityManagerFactory(beanFactory, fhirContext, storageSettings);
		Map<String, Object> hibernate = new HashMap<>(hibernateDefaults());
		// Every query (HAPI's searches run as native queries of this unit) is cancelled by the database driver after
		// portal.fhir.limits.search-timeout; BadInputFaults answers the search 503.
		hibernate.put(SpecHints.HINT_SPEC_QUERY_TIMEOUT, String.valueOf(limits.searchTimeout().toMillis()));
		hibernate.putAll(jpaProperties.getProperties());
		factory.setPersistenceUnitName("HAPI_PU");
		factory.setJpaPropertyMap(hibernate);
		factory.setDataSource(dataSource);
		// Hibernate builds its metamodel (and checks the schema) on its own thread while the main thread goes on
		// creating the beans that do not need it yet; the first use of the factory waits for it.
		factory.setBootstrapExecutor(new SimpleAsyncTaskExecutor("jpa-bootstrap-"));
		return factory;
	}

	/** Settings HAPI needs whatever the database; {@code spring.jpa.properties.*} may override each. */
	private static Map<String, String> hibernateDefaults() {
		return Map.of(
				AvailableSettings.SCANNER, "org.hibernate.boot.archive.scan.internal.DisabledScanner",
				AvailableSettings.IMPLICIT_NAMING_STRATEGY, SpringImplicitNamingStrategy.class.getName(),
				AvailableSettings.PHYSICAL_NAMING_STRATEGY, CamelCaseToUnderscoresNamingStrategy.class.getName(),
				AvailableSettings.HBM2DDL_AUTO, "update",
				AvailableSettings.STATEMENT_BATCH_SIZE, "20",
				AvailableSettings.USE_QUERY_CACHE, "false",
				AvailableSettings.USE_SECOND_LEVEL_CACHE, "false",
				AvailableSettings.USE_STRUCTURED_CACHE, "false",
				AvailableSettings.USE_MINIMAL_PUTS, "false",
				"hibernate.search.enabled", "false");
	}

	@Bean
	@Primary
	public JpaTransactionManager transactionManager(EntityManagerFactory entityManagerFactory) {
		return new JpaTransactionManager(entityManagerFactory);
	}

	@Bean
	public IFulltextSearchSvc fullTextSearchSvc() {
		return new FulltextSearchSvcImpl();
	}

	@Bean
	public IHSearchSortHelper hSearchSortHelper(ISearchParamRegistry searchParamRegistry) {
		return new HSearchSortHelperImpl(searchParamRegistry);
	}

	@Bean
	public IStaleSearchDeletingSvc staleSearchDeletingSvc() {
		return new StaleSearchDeletingSvcImpl();
	}

	@Bean
	public IResourceSupportedSvc resourceSupportedSvc(IDaoRegistry daoRegistry) {
		return new DaoRegistryResourceSupportedSvc(daoRegistry);
	}

	@Bean(name = "myResourceCountsCache")
	public ResourceCountCache resourceCountsCache(IFhirSystemDao<?, ?> systemDao) {
		return ResourceCountCacheUtil.newResourceCountCache(systemDao);
	}

	@Bean
	public DatabaseBinaryContentStorageSvcImpl binaryStorageSvc(StorageProperties properties) {
		DatabaseBinaryContentStorageSvcImpl svc = new DatabaseBinaryContentStorageSvcImpl();
		svc.setMaximumBinarySize(properties.maxBinarySizeBytes());
		return svc;
	}
}
