package io.baedal.coreapi.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.baedal.coreapi.error.DomainException;
import io.baedal.coreapi.error.ErrorCode;
import io.baedal.coreapi.order.OrderId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class IdsTest {

    @ParameterizedTest
    @ValueSource(strings = {"o-1", "c.kim_2:x", "3f2b8c1e-8d1a-4d6f-9a51-0c3f8d2e7b10",
            "a234567890123456789012345678901234567890123456789012345678901234"})
    void safeIdsUpToSixtyFourCharactersAreAccepted(String id) {
        assertThat(Ids.requireValid(id, "OrderId")).isEqualTo(id);
        assertThat(new OrderId(id).value()).isEqualTo(id);
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", " ", "c 1", "o/1", "o-1?x", "주문", "o@1", "o[1", "o`1", "o{1", "o;1", "o,1",
            "a2345678901234567890123456789012345678901234567890123456789012345"})
    void anythingElseIsInvalidInputNamingTheKind(String id) {
        assertThatThrownBy(() -> new OrderId(id))
                .isInstanceOfSatisfying(DomainException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
                    assertThat(e.getMessage()).startsWith("OrderId must be");
                });
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void newIdsAreValidAndDistinct(int ignored) {
        String id = Ids.newId();
        assertThat(Ids.requireValid(id, "Id")).isEqualTo(id);
        assertThat(Ids.newId()).isNotEqualTo(id);
    }

    @Test
    void aDerivedIdFollowsFromItsKindAndNameAlone() {
        String payment = Ids.derived("payment", "o-1");

        assertThat(Ids.derived("payment", "o-1")).isEqualTo(payment);
        assertThat(Ids.derived("ticket", "o-1")).isNotEqualTo(payment);
        assertThat(Ids.derived("payment", "o-2")).isNotEqualTo(payment);
        assertThat(Ids.requireValid(payment, "PaymentId")).isEqualTo(payment);
    }

    /** Ids derived so are in the event store and in saved sagas: the derivation must never change. */
    @Test
    void aDerivedIdIsTheSameAsEver() {
        assertThat(Ids.derived("payment", "o-1")).isEqualTo("74403033-798f-31fe-abdb-fe94d3650428");
        assertThat(Ids.derived("order", "key-1")).isEqualTo("e2038c09-8dd2-3c33-9528-a4b6428c7863");
    }
}
