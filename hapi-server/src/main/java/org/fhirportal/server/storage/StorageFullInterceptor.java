package org.fhirportal.server.storage;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.UnclassifiedServerFailureException;
import java.sql.SQLException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A full disk answers {@code 503} with an OperationOutcome, as the audit store does when it cannot write, instead of
 * HAPI's {@code 500}: any failure caused by the operating system's "No space left on device", or by H2's "database
 * has been closed" (error 90098), which is how H2 answers after a write to its file failed, or a lost database
 * connection (SQL state class 08), which is how the rollback of such a transaction fails, or any failure of H2's
 * store itself ("Transaction is closed" after the store closed). The failed transaction
 * is not committed.
 */
@Interceptor
public final class StorageFullInterceptor {

	private static final Logger log = LoggerFactory.getLogger(StorageFullInterceptor.class);
	private static final String NO_SPACE = "No space left on device";
	/** H2's failures of its store (a write that failed, a store or transaction closed by one), by name: H2 is optional. */
	private static final String H2_STORE_FAILURE = "org.h2.mvstore.MVStoreException";
	static final String MESSAGE = "The server cannot store data right now; try again later";

	// before the other handlers of failed requests (BadInputFaults would answer a database failure with 500)
	@Hook(value = Pointcut.SERVER_PRE_PROCESS_OUTGOING_EXCEPTION, order = -100)
	public BaseServerResponseException handleException(RequestDetails request, Throwable exception) {
		if (!isStorageUnavailable(exception)) {
			return null;
		}
		log.error("Refusing a request: the database cannot write (is the disk full?)", exception);
		return new UnclassifiedServerFailureException(503, MESSAGE);
	}

	public static boolean isStorageUnavailable(Throwable exception) {
		Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
		for (Throwable cause = exception; cause != null && seen.add(cause); cause = cause.getCause()) {
			if ((cause.getMessage() != null && cause.getMessage().contains(NO_SPACE))
					|| H2_STORE_FAILURE.equals(cause.getClass().getName())
					|| (cause instanceof SQLException sql && (sql.getErrorCode() == ClosedH2DatabaseEviction.H2_DATABASE_CLOSED
							|| isConnectionLost(sql)))
					|| (cause.getMessage() != null && cause.getMessage().contains("[" + ClosedH2DatabaseEviction.H2_DATABASE_CLOSED + "-"))) {
				return true;
			}
		}
		return false;
	}

	/**
	 * SQL state class 08, connection exception (SQL:2016 and JDBC): e.g. Hikari's "Connection is closed" (08003) for a
	 * connection it dropped after the database closed itself, met when the failed transaction is rolled back.
	 */
	private static boolean isConnectionLost(SQLException exception) {
		return exception.getSQLState() != null && exception.getSQLState().startsWith("08");
	}
}
