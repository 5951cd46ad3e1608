package org.fhirportal.server.storage;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.BeanCreationNotAllowedException;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Creates, on a background thread once the server is ready, the repositories that {@link LazyRepositoryBootstrap}
 * left for their first use and that start-up did not need, so that no request pays for building one.
 */
final class RepositoryWarmUp implements ApplicationListener<ApplicationReadyEvent> {

	private static final Logger log = LoggerFactory.getLogger(RepositoryWarmUp.class);

	private final ConfigurableListableBeanFactory beanFactory;
	private final LazyRepositoryBootstrap bootstrap;
	private final CompletableFuture<Integer> done = new CompletableFuture<>();

	RepositoryWarmUp(ConfigurableListableBeanFactory beanFactory, LazyRepositoryBootstrap bootstrap) {
		this.beanFactory = Objects.requireNonNull(beanFactory, "beanFactory");
		this.bootstrap = Objects.requireNonNull(bootstrap, "bootstrap");
	}

	@Override
	public void onApplicationEvent(ApplicationReadyEvent event) {
		if (event.getApplicationContext().getBeanFactory() != beanFactory) {
			return;
		}
		ConfigurableApplicationContext context = event.getApplicationContext();
		Thread thread = new Thread(() -> createRepositories(context), "portal-repository-warm-up");
		thread.setDaemon(true);
		thread.setPriority(Thread.MIN_PRIORITY);
		thread.start();
	}

	/** Completes with the number of repositories created or found created, once all of them exist. */
	CompletableFuture<Integer> done() {
		return done;
	}

	/** Stops early when the server is shutting down (a repository cannot be created then). */
	void createRepositories(ConfigurableApplicationContext context) {
		long start = System.nanoTime();
		List<String> names = bootstrap.lazyBeanNames();
		try {
			for (String name : names) {
				if (!context.isActive()) {
					done.cancel(false);
					return;
				}
				beanFactory.getBean(name);
			}
			log.info("{} repositories ready in {} ms", names.size(), (System.nanoTime() - start) / 1_000_000);
			done.complete(names.size());
		} catch (BeanCreationNotAllowedException e) {
			log.debug("Server shutting down before every repository was created", e);
			done.completeExceptionally(e);
		} catch (RuntimeException e) {
			// An invalid repository query surfaces here instead of failing the start: it fails its requests too.
			log.error("A repository could not be created", e);
			done.completeExceptionally(e);
		}
	}
}
