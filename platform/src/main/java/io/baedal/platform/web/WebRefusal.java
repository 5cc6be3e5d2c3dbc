package io.baedal.platform.web;

import java.util.Objects;

/** A controller refused a request with a code of its own context ({@link WebErrorCode}). */
public class WebRefusal extends RuntimeException {

    private final WebErrorCode code;

    public WebRefusal(WebErrorCode code, String detail) {
        super(detail);
        this.code = Objects.requireNonNull(code, "code");
    }

    public WebErrorCode code() {
        return code;
    }
}
