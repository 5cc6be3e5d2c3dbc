package io.baedal.coreapi.error;

import java.util.Objects;

/** A rule refused a request: the code says which, the message says why in words. */
public class DomainException extends RuntimeException {

    private final ErrorCode code;

    public DomainException(ErrorCode code, String message) {
        super(message);
        this.code = Objects.requireNonNull(code, "code");
    }

    public ErrorCode code() {
        return code;
    }
}
