package io.baedal.query.web;

import io.baedal.platform.web.WebErrorCode;
import org.springframework.http.HttpStatus;

/** The admin endpoints' own refusals: only operators meet them, and no message carries them. */
enum AdminErrorCode implements WebErrorCode {
    PROCESSING_GROUP_NOT_FOUND(HttpStatus.NOT_FOUND, "Processing group not found"),
    REPLAY_NOT_SUPPORTED(HttpStatus.CONFLICT, "Replay not supported");

    private final HttpStatus status;
    private final String title;

    AdminErrorCode(HttpStatus status, String title) {
        this.status = status;
        this.title = title;
    }

    @Override
    public String title() {
        return title;
    }

    @Override
    public HttpStatus status() {
        return status;
    }
}
