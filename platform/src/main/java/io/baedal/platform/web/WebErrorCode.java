package io.baedal.platform.web;

import org.springframework.http.HttpStatus;

/**
 * A code only a context's REST layer answers with (an admin endpoint's, say): it never travels in a
 * refusal across the message bus, so it is not one of coreapi's {@code ErrorCode}s. An
 * enum of the context implements it; {@link WebRefusal} carries it to {@link ProblemDetailsAdvice}.
 */
public interface WebErrorCode {

    /** The problem's {@code code} field. */
    String name();

    String title();

    HttpStatus status();
}
