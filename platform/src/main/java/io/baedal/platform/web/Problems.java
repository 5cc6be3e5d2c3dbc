package io.baedal.platform.web;

import io.baedal.coreapi.error.ErrorCode;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/**
 * The one place that turns a code ({@link ErrorCode} with its status from {@link ErrorStatuses}, or
 * a context's {@link WebErrorCode}) into an RFC 9457 problem+json response.
 */
public final class Problems {

    /** Seconds a client should wait before retrying a 503. */
    static final String RETRY_AFTER_SECONDS = "5";

    private Problems() {
    }

    public static ProblemDetail problem(ErrorCode code, String detail) {
        return problem(code.name(), code.title(), ErrorStatuses.of(code), detail);
    }

    public static ResponseEntity<ProblemDetail> response(ErrorCode code, String detail) {
        return response(code, detail, Map.of());
    }

    public static ResponseEntity<ProblemDetail> response(ErrorCode code, String detail, Map<String, Object> extra) {
        return response(code.name(), code.title(), ErrorStatuses.of(code), detail, extra);
    }

    public static ResponseEntity<ProblemDetail> response(WebErrorCode code, String detail) {
        return response(code.name(), code.title(), code.status(), detail, Map.of());
    }

    private static ProblemDetail problem(String code, String title, HttpStatus status, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create("urn:baedal:problem:" + code.toLowerCase(Locale.ROOT).replace('_', '-')));
        problem.setTitle(title);
        problem.setProperty("code", code);
        return problem;
    }

    private static ResponseEntity<ProblemDetail> response(String code, String title, HttpStatus status, String detail,
                                                          Map<String, Object> extra) {
        ProblemDetail problem = problem(code, title, status, detail);
        extra.forEach(problem::setProperty);
        ResponseEntity.BodyBuilder builder = ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (status == HttpStatus.SERVICE_UNAVAILABLE) {
            builder.header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
        }
        return builder.body(problem);
    }
}
