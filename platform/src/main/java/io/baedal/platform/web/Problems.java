package io.baedal.platform.web;

import io.baedal.coreapi.error.ErrorCode;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/** The one place that turns an {@link ErrorCode} into an RFC 9457 problem+json response. */
public final class Problems {

    /** Seconds a client should wait before retrying a 503. */
    static final String RETRY_AFTER_SECONDS = "5";

    private Problems() {
    }

    public static ProblemDetail problem(ErrorCode code, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatusCode.valueOf(code.httpStatus()), detail);
        problem.setType(URI.create("urn:baedal:problem:" + code.name().toLowerCase(Locale.ROOT).replace('_', '-')));
        problem.setTitle(code.title());
        problem.setProperty("code", code.name());
        return problem;
    }

    public static ResponseEntity<ProblemDetail> response(ErrorCode code, String detail) {
        return response(code, detail, Map.of());
    }

    public static ResponseEntity<ProblemDetail> response(ErrorCode code, String detail, Map<String, Object> extra) {
        ProblemDetail problem = problem(code, detail);
        extra.forEach(problem::setProperty);
        ResponseEntity.BodyBuilder builder = ResponseEntity.status(code.httpStatus())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (code.httpStatus() == 503) {
            builder.header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
        }
        return builder.body(problem);
    }
}
