package org.fhirportal.server.analytics;

import com.zaxxer.hikari.HikariDataSource;
import org.fhirportal.server.support.FreshPostgresDatabase;

class PostgresEngagementGroundTruthTest extends EngagementGroundTruthContract {

	@Override
	HikariDataSource freshDatabase() {
		FreshPostgresDatabase database = FreshPostgresDatabase.create();
		HikariDataSource dataSource = new HikariDataSource();
		dataSource.setJdbcUrl(database.jdbcUrl() + "?reWriteBatchedInserts=true");
		dataSource.setUsername(database.user());
		return dataSource;
	}

	@Override
	String vendor() {
		return "postgresql";
	}
}
