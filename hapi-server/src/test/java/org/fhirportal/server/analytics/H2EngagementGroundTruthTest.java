package org.fhirportal.server.analytics;

import com.zaxxer.hikari.HikariDataSource;
import java.util.UUID;

class H2EngagementGroundTruthTest extends EngagementGroundTruthContract {

	@Override
	HikariDataSource freshDatabase() {
		HikariDataSource dataSource = new HikariDataSource();
		dataSource.setJdbcUrl("jdbc:h2:mem:engagement-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
		return dataSource;
	}

	@Override
	String vendor() {
		return "h2";
	}
}
