package io.baedal.coreapi.common;

import io.baedal.coreapi.error.DomainException;
import io.baedal.coreapi.error.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.regex.Pattern;

/** Rules shared by every typed identifier: non-blank, at most 64 safe characters. */
public final class Ids {

    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    private Ids() {
    }

    public static String newId() {
        return UUID.randomUUID().toString();
    }

    /**
     * An id that follows from a name: the same kind and name give the same id, every time and on
     * every instance (a name-based UUID of {@code kind:name}). Ids derived so are stored, so this
     * derivation never changes.
     */
    public static String derived(String kind, String name) {
        return UUID.nameUUIDFromBytes((kind + ":" + name).getBytes(StandardCharsets.UTF_8)).toString();
    }

    public static String requireValid(String value, String kind) {
        if (value == null || !SAFE.matcher(value).matches()) {
            throw new DomainException(ErrorCode.VALIDATION_FAILED,
                    kind + " must be 1 to 64 characters of letters, digits, '.', '_', ':' or '-'");
        }
        return value;
    }
}
