package io.baedal.coreapi.common;

import io.baedal.coreapi.error.DomainException;
import io.baedal.coreapi.error.ErrorCode;
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

    public static String requireValid(String value, String kind) {
        if (value == null || !SAFE.matcher(value).matches()) {
            throw new DomainException(ErrorCode.VALIDATION_FAILED,
                    kind + " must be 1 to 64 characters of letters, digits, '.', '_', ':' or '-'");
        }
        return value;
    }
}
