package org.fhirportal.server.storage;

import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.fhirportal.server.PortalProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * The default database: an H2 file database under {@code portal.data-dir}, created on first start and kept
 * across restarts, so that the server needs nothing installed. Used only when no {@code spring.datasource.url}
 * is configured (the {@code postgres} profile configures one). With {@code portal.storage.h2-encryption-key} the
 * file is encrypted (H2's {@code CIPHER=AES}, <a href="https://h2database.com/html/features.html#file_encryption">H2,
 * file encryption</a>): the connection password is then the file password, a space, and the user password.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(EmbeddedH2DataSourceConfig.NoDatasourceUrl.class)
public class EmbeddedH2DataSourceConfig {

	@Bean
	public DataSource dataSource(PortalProperties portal, StorageProperties storage) {
		Path h2Dir = portal.dataDir().toAbsolutePath().normalize().resolve("h2");
		try {
			Files.createDirectories(h2Dir);
		} catch (IOException e) {
			throw new UncheckedIOException(
					"portal.data-dir " + portal.dataDir() + " cannot be created; set portal.data-dir to a writable directory", e);
		}
		HikariDataSource dataSource = new HikariDataSource();
		dataSource.setPoolName("fhir-portal-h2");
		// AUTO_COMPACT_FILL_RATE=0: H2 2.3's background compaction can race with the shrinking of the file after a
		// chunk write and panic the database ("AssertionError in shrinkStoreIfPossible", H2 issue 4048; seen here in
		// CI); H2 still reuses the space of dead chunks and compacts when the database closes.
		// WRITE_DELAY (portal.storage.h2-write-delay, default 0): with 0 a commit returns only once its changes are
		// written to the file (H2's TransactionStore then commits the MVStore in the committing thread). With H2's own
		// default of 500 ms, a write acknowledged with 201 lived only in memory until the background writer stored it,
		// and was lost when that write failed (a full disk panics the store) or the process was killed (FullDiskTest).
		// retry: (H2's FilePathRetryOnInterrupt): with writes in the committing threads, an interrupted thread (an
		// executor shut down with a commit under way) would close H2's file channel and with it the whole database;
		// this file system reopens the channel and retries the write instead.
		// LOCK_TIMEOUT=10000: concurrent refreshes of one grant queue on its row lock (refresh token rotation) longer
		// than H2's default of one second on a busy machine.
		boolean encrypted = !storage.h2EncryptionKey().isEmpty();
		dataSource.setJdbcUrl("jdbc:h2:file:retry:" + h2Dir.resolve("fhir-portal") + ";DB_CLOSE_ON_EXIT=FALSE;AUTO_COMPACT_FILL_RATE=0;WRITE_DELAY=" + storage.h2WriteDelay().toMillis() + ";LOCK_TIMEOUT=10000"
				+ (encrypted ? ";CIPHER=AES" : ""));
		dataSource.setUsername("sa");
		dataSource.setPassword(encrypted ? storage.h2EncryptionKey() + " " : "");
		dataSource.setMaximumPoolSize(20);
		dataSource.setExceptionOverride(new ClosedH2DatabaseEviction());
		return dataSource;
	}

	static class NoDatasourceUrl implements Condition {
		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			return !context.getEnvironment().containsProperty("spring.datasource.url");
		}
	}
}
