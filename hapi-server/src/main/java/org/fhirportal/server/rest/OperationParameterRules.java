package org.fhirportal.server.rest;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters;

/**
 * Enforces what the operations of {@code /fhir} declare of their parameters, where HAPI does not:
 * <ul>
 *   <li>cardinality: HAPI binds a parameter declared {@code @OperationParam(max = 1)} to its first value and drops
 *       the others silently ({@code Appointment/$book} with two {@code slot}s booked the first); here a parameter
 *       given more often than its {@code max} answers 400 naming it (FHIR R4 Operations, 3.1.0.1.6: an operation
 *       checks its parameters against the OperationDefinition's cardinalities);</li>
 *   <li>type, for operations called with query parameters (GET): a value that is not of the declared primitive type
 *       ({@code Slot/$find?start=yesterday}) answers 400 naming the parameter, where HAPI's message names only the
 *       value.</li>
 * </ul>
 * The declarations are read once from the {@link Operation} methods of the server's providers.
 */
@Interceptor
public final class OperationParameterRules {

	private final RestfulServer server;
	private volatile Map<String, Map<String, Declared>> operations;

	public OperationParameterRules(RestfulServer server) {
		this.server = Objects.requireNonNull(server, "server");
	}

	/** Query parameters, before HAPI binds them to the operation's arguments. */
	@Hook(Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED)
	public boolean postProcessed(RequestDetails request) {
		handleQueryParameters(request);
		return true;
	}

	/** A Parameters body, once HAPI has parsed it. */
	@Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED)
	public void preHandled(RequestDetails request) {
		handleBodyParameters(request);
	}

	private void handleQueryParameters(RequestDetails request) {
		Map<String, Declared> declared = declared(request);
		if (declared == null || request.getParameters() == null) {
			return;
		}
		request.getParameters().forEach((name, values) -> {
			Declared parameter = declared.get(name);
			if (parameter == null) {
				return;
			}
			checkCount(request, name, parameter, values.length);
			for (String value : values) {
				parameter.checkValue(request.getOperation(), name, value);
			}
		});
	}

	private void handleBodyParameters(RequestDetails request) {
		Map<String, Declared> declared = declared(request);
		if (declared == null || !(request.getResource() instanceof Parameters parameters)) {
			return;
		}
		Map<String, Integer> given = new HashMap<>();
		parameters.getParameter().forEach(parameter -> given.merge(parameter.getName(), 1, Integer::sum));
		given.forEach((name, count) -> {
			Declared parameter = declared.get(name);
			if (parameter != null) {
				checkCount(request, name, parameter, count);
			}
		});
	}

	private static void checkCount(RequestDetails request, String name, Declared parameter, int count) {
		if (parameter.max() != OperationParam.MAX_UNLIMITED && count > parameter.max()) {
			throw invalid(name, request.getOperation() + " allows " + (parameter.max() == 1 ? "one value" : "at most " + parameter.max()
					+ " values") + ", given " + count);
		}
	}

	private Map<String, Declared> declared(RequestDetails request) {
		String operation = request.getOperation();
		if (operation == null || !operation.startsWith("$")) {
			return null;
		}
		return operations().get(key(request.getResourceName(), operation));
	}

	private Map<String, Map<String, Declared>> operations() {
		Map<String, Map<String, Declared>> known = operations;
		if (known == null) {
			known = new HashMap<>();
			for (IResourceProvider provider : server.getResourceProviders()) {
				collect(provider, provider.getResourceType().getSimpleName(), known);
			}
			for (Object provider : server.getPlainProviders()) {
				collect(provider, null, known);
			}
			operations = known;
		}
		return known;
	}

	private static void collect(Object provider, String providerType, Map<String, Map<String, Declared>> into) {
		for (Method method : provider.getClass().getMethods()) {
			Operation operation = method.getAnnotation(Operation.class);
			if (operation == null) {
				continue;
			}
			Class<? extends IBaseResource> declaredType = operation.type();
			String type = declaredType != IBaseResource.class ? declaredType.getSimpleName()
					: operation.typeName().isEmpty() ? providerType : operation.typeName();
			String name = operation.name().startsWith("$") ? operation.name() : "$" + operation.name();
			Map<String, Declared> parameters = into.computeIfAbsent(key(type, name), k -> new HashMap<>());
			Annotation[][] annotations = method.getParameterAnnotations();
			for (int i = 0; i < annotations.length; i++) {
				for (Annotation annotation : annotations[i]) {
					if (annotation instanceof OperationParam param) {
						parameters.merge(param.name(), Declared.of(param, method.getParameterTypes()[i]), Declared::widest);
					}
				}
			}
		}
	}

	private static String key(String type, String operation) {
		return (type == null ? "" : type) + "/" + operation;
	}

	private static InvalidRequestException invalid(String name, String message) {
		String text = "Parameter '" + name + "': " + message;
		OperationOutcome outcome = new OperationOutcome();
		outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.ERROR).setCode(OperationOutcome.IssueType.INVALID)
				.setDiagnostics(text).addExpression("Parameters.parameter.where(name = '" + name + "')");
		return new InvalidRequestException(text, outcome);
	}

	/** A parameter's declared maximum, and its primitive type if it has one (else null). */
	private record Declared(int max, Class<? extends IPrimitiveType<?>> primitive) {

		@SuppressWarnings("unchecked")
		static Declared of(OperationParam param, Class<?> javaType) {
			int max = param.max() != OperationParam.MAX_DEFAULT ? param.max()
					: Collection.class.isAssignableFrom(javaType) ? OperationParam.MAX_UNLIMITED : 1;
			Class<? extends IPrimitiveType<?>> primitive = IPrimitiveType.class.isAssignableFrom(javaType)
					&& !Modifier.isAbstract(javaType.getModifiers()) ? (Class<? extends IPrimitiveType<?>>) javaType : null;
			return new Declared(max, primitive);
		}

		/** Two methods may declare the same operation (on several types): the laxer declaration wins. */
		static Declared widest(Declared a, Declared b) {
			int max = a.max == OperationParam.MAX_UNLIMITED || b.max == OperationParam.MAX_UNLIMITED ? OperationParam.MAX_UNLIMITED
					: Math.max(a.max, b.max);
			return new Declared(max, Objects.equals(a.primitive, b.primitive) ? a.primitive : null);
		}

		void checkValue(String operation, String name, String value) {
			if (primitive == null) {
				return;
			}
			try {
				primitive.getDeclaredConstructor().newInstance().setValueAsString(value);
			} catch (DataFormatException | IllegalArgumentException e) {
				throw invalid(name, "'" + (value.length() > 40 ? value.substring(0, 40) + "..." : value) + "' is not a valid "
						+ primitive.getSimpleName().replace("Type", "") + " (" + operation + ")");
			} catch (ReflectiveOperationException e) {
				// a type without a no-argument constructor: left to HAPI
			}
		}
	}
}
