package io.baedal.coreapi.common;

import io.baedal.coreapi.error.DomainException;
import io.baedal.coreapi.error.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** Rules shared by every typed identifier: non-blank, at most 64 safe characters. */
public final class Ids {

    private static final int MAX_LENGTH = 64;

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
        if (!safe(value)) {
            throw new DomainException(ErrorCode.VALIDATION_FAILED,
                    kind + " must be 1 to 64 characters of letters, digits, '.', '_', ':' or '-'");
        }
        return value;
    }

    /** {@code [A-Za-z0-9._:-]{1,64}}, checked by hand: every id of every message passes here. */
    private static boolean safe(String value) {
        if (value == null || value.isEmpty() || value.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == ':' || c == '-';
            if (!allowed) {
                return false;
            }
        }
        return true;
    }
}
