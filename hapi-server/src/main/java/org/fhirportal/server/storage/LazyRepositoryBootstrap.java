package org.fhirportal.server.storage;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConstructorArgumentValues;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.config.DependencyDescriptor;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.context.annotation.ContextAnnotationAutowireCandidateResolver;
import org.springframework.data.repository.core.support.RepositoryFactoryBeanSupport;
import org.springframework.util.ClassUtils;

/**
 * Bootstraps HAPI's Spring Data repositories lazily, as Spring Data's own {@code BootstrapMode.LAZY} does for
 * repositories an application declares itself (HAPI declares its ~70 repositories with an
 * {@code @EnableJpaRepositories} of its own, which we cannot annotate).
 *
 * <p>Creating a repository parses and validates every {@code @Query} it declares; done eagerly, that was a
 * quarter of the main thread's start-up work (measured with JFR), most of it for repositories no request
 * touches for minutes. Here every repository bean is marked lazy and every injection point of a repository type
 * receives a lazy-resolution proxy, so a repository is created (and its queries validated) when first called.
 * {@link RepositoryWarmUp} then creates the remaining ones in the background once the server is ready, so
 * requests still find them built and an invalid query still shows within seconds of start-up.
 */
final class LazyRepositoryBootstrap implements BeanFactoryPostProcessor {

	private static final Logger log = LoggerFactory.getLogger(LazyRepositoryBootstrap.class);

	private final List<String> lazyBeanNames = new CopyOnWriteArrayList<>();

	@Override
	public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) throws BeansException {
		Set<String> repositoryTypes = new HashSet<>();
		for (String name : beanFactory.getBeanDefinitionNames()) {
			BeanDefinition definition = beanFactory.getBeanDefinition(name);
			if (!isRepositoryFactory(definition, beanFactory.getBeanClassLoader())) {
				continue;
			}
			String typeName = repositoryInterface(definition);
			if (typeName == null) {
				log.warn("Repository bean {} has no interface argument: {}", name, definition.getConstructorArgumentValues().getGenericArgumentValues());
				continue;
			}
			definition.setLazyInit(true);
			definition.getPropertyValues().add("lazyInit", Boolean.TRUE);
			repositoryTypes.add(typeName);
			lazyBeanNames.add(name);
		}
		log.info("{} repositories will be created on first use", repositoryTypes.size());
		if (beanFactory instanceof DefaultListableBeanFactory factory && !repositoryTypes.isEmpty()) {
			factory.setAutowireCandidateResolver(new LazyRepositoryInjection(Set.copyOf(repositoryTypes)));
		}
	}

	/** The names of the repository beans left for their first use. */
	List<String> lazyBeanNames() {
		return List.copyOf(lazyBeanNames);
	}

	/** HAPI's repositories are made by a subclass of Spring Data's factory bean (its Envers variant). */
	private static boolean isRepositoryFactory(BeanDefinition definition, ClassLoader classLoader) {
		String className = definition.getBeanClassName();
		if (className == null || !ClassUtils.isPresent(className, classLoader)) {
			return false;
		}
		return RepositoryFactoryBeanSupport.class.isAssignableFrom(ClassUtils.resolveClassName(className, classLoader));
	}

	/** The repository interface: Spring Data passes its name as the factory bean's only constructor argument. */
	private static String repositoryInterface(BeanDefinition definition) {
		ConstructorArgumentValues arguments = definition.getConstructorArgumentValues();
		ConstructorArgumentValues.ValueHolder holder = arguments.getIndexedArgumentValue(0, null);
		if (holder == null && arguments.getGenericArgumentValues().size() == 1) {
			holder = arguments.getGenericArgumentValues().get(0);
		}
		Object value = holder == null ? null : holder.getValue();
		if (value instanceof Class<?> type) {
			return type.getName();
		}
		return value instanceof String name ? name : null;
	}

	/** Resolves injection points of a lazily bootstrapped repository type to a proxy that creates it on first use. */
	private static final class LazyRepositoryInjection extends ContextAnnotationAutowireCandidateResolver {

		private final Set<String> repositoryTypes;

		LazyRepositoryInjection(Set<String> repositoryTypes) {
			this.repositoryTypes = repositoryTypes;
		}

		@Override
		protected boolean isLazy(DependencyDescriptor descriptor) {
			return repositoryTypes.contains(descriptor.getDependencyType().getName()) || super.isLazy(descriptor);
		}
	}
}
