package io.baedal.gateway;

import io.baedal.coreapi.error.ErrorCode;
import java.net.ConnectException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webflux.error.ErrorWebExceptionHandler;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.PrematureCloseException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The gateway's own refusals in the services' format (RFC 9457 problem+json with our code): no
 * route for the path is a 404 {@code NOT_FOUND} as in the standalone app; a service with no
 * instance that answers (none registered, none healthy, connection refused, timed out) is a 503
 * {@code SERVICE_UNAVAILABLE} with {@code Retry-After}, as the services answer when Axon Server is
 * away, so a client retries both the same way (with its {@code Idempotency-Key}).
 */
@Component
@Order(-2)
class GatewayProblems implements ErrorWebExceptionHandler {

    private final JsonMapper json;

    GatewayProblems(JsonMapper json) {
        this.json = json;
    }

    private static final Logger log = LoggerFactory.getLogger(GatewayProblems.class);
    static final String RETRY_AFTER_SECONDS = "5";

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable failure) {
        ServerHttpResponse response = exchange.getResponse();
        if (response.isCommitted()) {
            return Mono.error(failure);
        }
        String path = exchange.getRequest().getPath().value();
        ErrorCode code;
        String detail;
        HttpStatusCode status = failure instanceof ResponseStatusException e ? e.getStatusCode() : null;
        if (status != null && status.value() == HttpStatus.NOT_FOUND.value()) {
            code = ErrorCode.NOT_FOUND;
            detail = "No resource at " + path;
        } else if (unreachable(failure, status)) {
            code = ErrorCode.SERVICE_UNAVAILABLE;
            detail = "The service that answers " + path + " is unavailable; try again";
            log.atWarn().addKeyValue("event", "service_unreachable").addKeyValue("path", path)
                    .log("No instance answered: {}", failure.toString());
        } else if (status != null && status.value() == HttpStatus.METHOD_NOT_ALLOWED.value()) {
            code = ErrorCode.METHOD_NOT_ALLOWED;
            detail = failure.getMessage();
        } else {
            code = ErrorCode.INTERNAL_ERROR;
            detail = "An unexpected error occurred";
            log.error("Gateway failed on {}", path, failure);
        }
        return respond(exchange, code, detail);
    }

    /** Answers the exchange with the problem of this code. */
    Mono<Void> respond(ServerWebExchange exchange, ErrorCode code, String detail) {
        ServerHttpResponse response = exchange.getResponse();
        response.setStatusCode(status(code));
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (status(code) == HttpStatus.SERVICE_UNAVAILABLE) {
            response.getHeaders().set(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
        }
        if (code == ErrorCode.UNAUTHENTICATED) {
            response.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        DataBuffer body = response.bufferFactory().wrap(problem(code, detail, exchange.getRequest().getPath().value()));
        return response.writeWith(Mono.just(body));
    }

    /** The statuses of the codes the gateway answers with itself, as the services give them. */
    private static HttpStatus status(ErrorCode code) {
        return switch (code) {
            case UNAUTHENTICATED -> HttpStatus.UNAUTHORIZED;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case METHOD_NOT_ALLOWED -> HttpStatus.METHOD_NOT_ALLOWED;
            case SERVICE_UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
            case INTERNAL_ERROR -> HttpStatus.INTERNAL_SERVER_ERROR;
            default -> throw new IllegalArgumentException("The gateway does not answer with " + code);
        };
    }

    private static boolean unreachable(Throwable failure, HttpStatusCode status) {
        if (status != null && (status.value() == 503 || status.value() == 502 || status.value() == 504)) {
            return true;
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            // Refused, timed out, or the instance died while answering (reactor-netty's
            // PrematureCloseException): a client sends it again, with its Idempotency-Key.
            if (t instanceof ConnectException || t instanceof TimeoutException
                    || t.getClass().getName().startsWith("io.netty.channel")
                    || t instanceof PrematureCloseException) {
                return true;
            }
        }
        return false;
    }

    private byte[] problem(ErrorCode code, String detail, String path) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "urn:baedal:problem:" + code.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        problem.put("title", code.title());
        problem.put("status", status(code).value());
        problem.put("detail", detail);
        problem.put("instance", path);
        problem.put("code", code.name());
        return json.writeValueAsBytes(problem);
    }
}
