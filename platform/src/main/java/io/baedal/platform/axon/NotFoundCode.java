package io.baedal.platform.axon;

import io.baedal.coreapi.error.ErrorCode;
import java.util.Objects;

/**
 * What a context answers when one of its commands names an aggregate that does not exist: the
 * code for the commands of one {@code coreapi} package. Each context contributes its own, as a
 * subclass with a public no-argument constructor listed in its
 * {@code META-INF/services/io.baedal.platform.axon.NotFoundCode}, so that the platform knows no
 * context, and every application, service or test that holds the context's module (the one that
 * handles its commands) has its answer.
 */
public abstract class NotFoundCode {

    private final String commandPackage;
    private final ErrorCode code;

    protected NotFoundCode(Class<?> anyCommandOfTheContext, ErrorCode code) {
        this.commandPackage = anyCommandOfTheContext.getPackageName();
        this.code = Objects.requireNonNull(code);
    }

    /** Whether a command of this name (its payload type) is one of this context's. */
    boolean covers(String commandName) {
        return commandName.lastIndexOf('.') == commandPackage.length() && commandName.startsWith(commandPackage);
    }

    ErrorCode code() {
        return code;
    }
}
