package org.fhirportal.server.storage;

import com.zaxxer.hikari.SQLExceptionOverride;
import java.sql.SQLException;

/**
 * Tells Hikari to drop a pooled connection whose H2 database has closed itself. H2 closes the database when a write
 * to its file fails (a full disk panics the MVStore); its connections then answer every statement with error 90098
 * ("The database has been closed"), whose SQL state Hikari does not take for a broken connection, so the pool would
 * hand them out for ever. Dropped, they are replaced by new connections, which open the database again from the last
 * state written to the file: once space is free the server works again without a restart.
 */
public final class ClosedH2DatabaseEviction implements SQLExceptionOverride {

	static final int H2_DATABASE_CLOSED = 90098;

	@java.lang.Override
	public SQLExceptionOverride.Override adjudicate(SQLException exception) {
		return exception.getErrorCode() == H2_DATABASE_CLOSED ? SQLExceptionOverride.Override.MUST_EVICT : SQLExceptionOverride.Override.CONTINUE_EVICT;
	}
}
