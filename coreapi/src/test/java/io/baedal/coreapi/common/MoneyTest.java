package io.baedal.coreapi.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.baedal.coreapi.error.DomainException;
import io.baedal.coreapi.error.ErrorCode;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

class MoneyTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void equalAmountsAreEqualWhateverTheirScale() {
        assertThat(Money.of("12500.00", "KRW")).isEqualTo(Money.of("12500", "KRW"));
        assertThat(Money.of("12500.00", "KRW").hashCode()).isEqualTo(Money.of("12500", "KRW").hashCode());
        assertThat(Money.of("1.50", "EUR").amount()).isEqualTo(new BigDecimal("1.5"));
        assertThat(Money.of("100", "KRW")).isNotEqualTo(Money.of("100", "USD"));
    }

    @Test
    void addsAndMultipliesInOneCurrency() {
        assertThat(Money.of("9000", "KRW").times(2).plus(Money.of("3500", "KRW"))).isEqualTo(Money.of("21500", "KRW"));
        assertThat(Money.of("0", "KRW").isPositive()).isFalse();
        assertThat(Money.of("0.01", "EUR").isPositive()).isTrue();
    }

    @Test
    void addingAnotherCurrencyIsAProgrammingError() {
        assertThatThrownBy(() -> Money.of("1", "KRW").plus(Money.of("1", "USD")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("USD");
    }

    @ParameterizedTest
    @ValueSource(strings = {"won", "Krw", "KR", "KRWX", "K1W", "K@W", "K[W", ""})
    void aCurrencyThatIsNoIsoCodeIsInvalidInput(String currency) {
        assertThatThrownBy(() -> Money.of("1", currency))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED));
    }

    @Test
    void isADecimalStringInJson() {
        String json = JSON.writeValueAsString(Money.of("12500.50", "KRW"));
        assertThat(json).isEqualTo("{\"amount\":\"12500.5\",\"currency\":\"KRW\"}");
        assertThat(JSON.readValue(json, Money.class)).isEqualTo(Money.of("12500.50", "KRW"));
        assertThat(Money.of("12500", "KRW")).hasToString("12500 KRW");
    }
}
