package org.fhirportal.server.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.annotation.AliasFor;
import org.springframework.test.context.ContextConfiguration;

/**
 * The assembled server on a random port, with its H2 database in a fresh temporary data directory. Test classes
 * with the same extra properties share one running server (Spring's context cache), so every test writes data of
 * its own (unique identifiers and names) and never counts what others wrote.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = TemporaryDataDirectory.class)
public @interface PortalServerTest {

	/** Extra properties ({@code key=value}); each distinct set starts a server of its own. */
	@AliasFor(annotation = SpringBootTest.class, attribute = "properties")
	String[] properties() default {};
}
