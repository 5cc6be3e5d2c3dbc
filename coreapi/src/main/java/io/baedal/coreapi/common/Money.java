package io.baedal.coreapi.common;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnore;
import io.baedal.coreapi.error.DomainException;
import io.baedal.coreapi.error.ErrorCode;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * An amount in one currency. Never a floating point number: the amount is a decimal that is
 * written as a string in JSON ({@code {"amount": "12500", "currency": "KRW"}}).
 */
public record Money(@JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount, String currency) {

    public Money {
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(currency, "currency");
        if (!isoCode(currency)) {
            throw new DomainException(ErrorCode.VALIDATION_FAILED, "currency must be an ISO 4217 code");
        }
        amount = normalise(amount);
    }

    /** Three capital letters ({@code [A-Z]{3}}), checked without a regular expression on every amount read. */
    private static boolean isoCode(String currency) {
        return currency.length() == 3 && currency.chars().allMatch(c -> c >= 'A' && c <= 'Z');
    }

    public static Money of(String amount, String currency) {
        return new Money(new BigDecimal(amount), currency);
    }

    public Money plus(Money other) {
        requireSameCurrency(other);
        return new Money(amount.add(other.amount), currency);
    }

    public Money times(int factor) {
        return new Money(amount.multiply(BigDecimal.valueOf(factor)), currency);
    }

    @JsonIgnore
    public boolean isPositive() {
        return amount.signum() > 0;
    }

    private void requireSameCurrency(Money other) {
        if (!currency.equals(other.currency)) {
            throw new IllegalArgumentException("cannot add " + other.currency + " to " + currency);
        }
    }

    /** Equal amounts compare equal whatever their scale (12500 == 12500.00). */
    private static BigDecimal normalise(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    @Override
    public String toString() {
        return amount.toPlainString() + " " + currency;
    }
}
