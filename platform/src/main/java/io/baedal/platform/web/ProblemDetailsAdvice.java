package io.baedal.platform.web;

import io.baedal.coreapi.error.DomainException;
import io.baedal.coreapi.error.ErrorCode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import io.baedal.platform.axon.CommandFailures;
import io.baedal.platform.logging.LogFields;
import jakarta.servlet.http.HttpServletRequest;
import org.axonframework.axonserver.connector.AxonServerConnectionManager;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.NoHandlerForCommandException;
import org.axonframework.common.AxonException;
import org.axonframework.messaging.HandlerExecutionException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.queryhandling.NoHandlerForQueryException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.validation.FieldError;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Maps every failure of a REST call to problem+json with our error code. Controllers stay thin:
 * they let exceptions through and this class decides the status.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class ProblemDetailsAdvice {

    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

    /** Absent unless the service runs on Axon Server. */
    private final ObjectProvider<AxonServerConnectionManager> axonServer;
    private final List<RefusalEvents> refusalEvents;

    ProblemDetailsAdvice(ObjectProvider<AxonServerConnectionManager> axonServer, List<RefusalEvents> refusalEvents) {
        this.axonServer = axonServer;
        this.refusalEvents = List.copyOf(refusalEvents);
    }

    @ExceptionHandler(DomainException.class)
    ResponseEntity<ProblemDetail> domain(DomainException e, HttpServletRequest request) {
        return refused(e.code(), e.getMessage(), request);
    }

    /** Our handlers' refusals arrive here with the code in the details, in both modes. */
    @ExceptionHandler(HandlerExecutionException.class)
    ResponseEntity<ProblemDetail> handlerFailure(HandlerExecutionException e, HttpServletRequest request) {
        Optional<ErrorCode> code = e.getDetails().flatMap(ErrorCode::named);
        if (code.isPresent()) {
            return refused(code.get(), e.getMessage(), request);
        }
        if (e instanceof CommandExecutionException
                && (e.getCause() instanceof ConcurrencyException || e.getCause() instanceof AggregateStreamCreationException)) {
            return concurrency((Exception) e.getCause());
        }
        if (CommandFailures.refusal(e).filter(refusal -> refusal == ErrorCode.DUPLICATE_ID).isPresent()) {
            // Axon Server refused the events of a new aggregate whose id it already holds.
            return Problems.response(ErrorCode.DUPLICATE_ID, "An entity with this id already exists");
        }
        return unexpected(e);
    }

    /** A context's controller refused with a code of its own. */
    @ExceptionHandler(WebRefusal.class)
    ResponseEntity<ProblemDetail> webRefusal(WebRefusal e, HttpServletRequest request) {
        logRefusal(e.code().name(), e.code().status(), e.getMessage(), request);
        return Problems.response(e.code(), e.getMessage());
    }

    private ResponseEntity<ProblemDetail> refused(ErrorCode code, String detail, HttpServletRequest request) {
        logRefusal(code.name(), ErrorStatuses.of(code), detail, request);
        return Problems.response(code, detail);
    }

    /**
     * A request a rule refused: logged as a structured event with its code, so refusals can be
     * counted: {@code request_refused}, or the name its context gives it ({@link RefusalEvents}).
     */
    private void logRefusal(String code, HttpStatus status, String detail, HttpServletRequest request) {
        String event = refusalEvents.stream()
                .flatMap(events -> events.eventFor(request.getMethod(), request.getRequestURI()).stream())
                .findFirst()
                .orElse("request_refused");
        log.atInfo()
                .addKeyValue(LogFields.EVENT, event)
                .addKeyValue("code", code)
                .addKeyValue("status", status.value())
                .addKeyValue("path", request.getRequestURI())
                .log("Refused {} {}: {}", request.getMethod(), request.getRequestURI(), detail);
    }

    @ExceptionHandler(AggregateNotFoundException.class)
    ResponseEntity<ProblemDetail> notFound(AggregateNotFoundException e) {
        return Problems.response(ErrorCode.NOT_FOUND, "Unknown id: " + e.getAggregateIdentifier());
    }

    @ExceptionHandler({ConcurrencyException.class, AggregateStreamCreationException.class})
    ResponseEntity<ProblemDetail> concurrency(Exception e) {
        if (CommandFailures.refusal(e).filter(code -> code == ErrorCode.DUPLICATE_ID).isPresent()) {
            return Problems.response(ErrorCode.DUPLICATE_ID, "An entity with this id already exists");
        }
        return Problems.response(ErrorCode.CONCURRENT_MODIFICATION,
                "Another change to the same entity happened at the same time; retry the request");
    }

    /**
     * No database connection within the pool's timeout (the database is down, or every connection
     * is busy under load): nothing was stored, and the client retries after {@code Retry-After}.
     */
    @ExceptionHandler({CannotCreateTransactionException.class, CannotGetJdbcConnectionException.class})
    ResponseEntity<ProblemDetail> noDatabaseConnection(Exception e) {
        log.atWarn().addKeyValue(LogFields.EVENT, "database_unavailable")
                .log("No database connection for a request: {}", rootMessage(e));
        return Problems.response(ErrorCode.SERVICE_UNAVAILABLE, "The database is busy or unreachable right now; retry later");
    }

    @ExceptionHandler({NoHandlerForCommandException.class, NoHandlerForQueryException.class})
    ResponseEntity<ProblemDetail> noHandler(AxonException e) {
        log.warn("No handler reachable: {}", e.getMessage());
        return Problems.response(ErrorCode.SERVICE_UNAVAILABLE,
                "The service that handles this request is not reachable right now");
    }

    /**
     * Axon Server is down or unreachable, so the request could not be handed to its handler (or, if
     * the connection broke mid-way, its answer was lost): the client sends it again after
     * {@code Retry-After}, with its {@code Idempotency-Key} if it has one.
     */
    private static ResponseEntity<ProblemDetail> unreachable(Exception e) {
        log.atWarn()
                .addKeyValue(LogFields.EVENT, "axon_server_unreachable")
                .log("Could not dispatch through Axon Server: {}", rootMessage(e));
        return axonServerUnavailable();
    }

    private static ResponseEntity<ProblemDetail> axonServerUnavailable() {
        return Problems.response(ErrorCode.SERVICE_UNAVAILABLE,
                "The message bus is not reachable right now; retry later");
    }

    /** While the connector is reconnecting, as readiness reports it. */
    private boolean axonServerDisconnected() {
        AxonServerConnectionManager connections = axonServer.getIfAvailable();
        return connections != null && !connections.isConnected(connections.getDefaultContext());
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + root + ")";
    }

    @ExceptionHandler(MethodArgumentNotValidException.class)
    ResponseEntity<ProblemDetail> invalidBody(MethodArgumentNotValidException e) {
        List<Map<String, Object>> errors = e.getBindingResult().getFieldErrors().stream()
                .map(ProblemDetailsAdvice::fieldError)
                .toList();
        String detail = errors.stream()
                .map(error -> error.get("field") + " " + error.get("message"))
                .sorted()
                .reduce((a, b) -> a + "; " + b)
                .orElse("The request body is invalid");
        return Problems.response(ErrorCode.VALIDATION_FAILED, detail, Map.of("errors", errors));
    }

    @ExceptionHandler(HandlerMethodValidationException.class)
    ResponseEntity<ProblemDetail> invalidParameter(HandlerMethodValidationException e) {
        String detail = e.getAllErrors().stream()
                .map(error -> error.getDefaultMessage())
                .reduce((a, b) -> a + "; " + b)
                .orElse("A request parameter is invalid");
        return Problems.response(ErrorCode.VALIDATION_FAILED, detail);
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException e) {
        return Problems.response(ErrorCode.MALFORMED_REQUEST,
                "The request body is missing or is not valid JSON of the expected shape");
    }

    /**
     * A parameter that does not convert or is missing. Not {@link IllegalArgumentException}: our
     * own code throws that for a programming error, which is a 500 with a log line (input
     * validation throws a {@link DomainException} with a code).
     */
    @ExceptionHandler({MethodArgumentTypeMismatchException.class, MissingServletRequestParameterException.class,
            MissingRequestHeaderException.class})
    ResponseEntity<ProblemDetail> badParameter(Exception e) {
        return Problems.response(ErrorCode.VALIDATION_FAILED, e.getMessage());
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<ProblemDetail> noResource(NoResourceFoundException e) {
        return Problems.response(ErrorCode.NOT_FOUND, "No resource at /" + e.getResourcePath());
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ProblemDetail> methodNotAllowed(HttpRequestMethodNotSupportedException e) {
        return Problems.response(ErrorCode.METHOD_NOT_ALLOWED, e.getMessage());
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ProblemDetail> unsupportedMediaType(HttpMediaTypeNotSupportedException e) {
        return Problems.response(ErrorCode.UNSUPPORTED_MEDIA_TYPE, e.getMessage());
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        if (CommandFailures.undelivered(e)) {
            return unreachable(e);
        }
        if (axonServerDisconnected()) {
            // The connector fails in more ways than it classifies while it is down (a subscription
            // query meets a closed gRPC stream: IllegalStateException); the outage is the cause to report.
            log.atWarn()
                    .addKeyValue(LogFields.EVENT, "axon_server_unreachable")
                    .setCause(e)
                    .log("Request failed while Axon Server is not connected");
            return axonServerUnavailable();
        }
        log.error("Request failed unexpectedly", e);
        return Problems.response(ErrorCode.INTERNAL_ERROR, "An unexpected error occurred");
    }

    private static Map<String, Object> fieldError(FieldError error) {
        return Map.of("field", error.getField(),
                "message", String.valueOf(error.getDefaultMessage()));
    }
}
