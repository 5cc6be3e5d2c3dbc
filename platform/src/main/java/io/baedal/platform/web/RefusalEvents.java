package io.baedal.platform.web;

import java.util.Optional;

/**
 * What a context calls a refusal of one of its requests in the log ({@code event} field), where it
 * wants a name of its own rather than {@code request_refused}: a bean per context, so that the
 * platform knows no context's paths.
 */
@FunctionalInterface
public interface RefusalEvents {

    /** The event name for a refused request with this method and path, or empty if not one of this context's. */
    Optional<String> eventFor(String method, String path);
}
