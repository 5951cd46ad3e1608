package org.fhirportal.server.workflow;

import org.fhirportal.server.support.PortalServerTest;

/** The workflows' one-winner guarantees on the default H2 database. */
@PortalServerTest
class H2WorkflowConcurrencyTest extends WorkflowConcurrencyContract {
}
