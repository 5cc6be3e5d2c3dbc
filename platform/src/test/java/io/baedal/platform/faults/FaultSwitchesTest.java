package io.baedal.platform.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.baedal.platform.faults.FaultSwitches.PaymentFaults;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class FaultSwitchesTest {

    private static FaultSwitches bound(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("baedal.faults", FaultSwitches.class);
    }

    @Test
    void withoutConfigurationEverySwitchIsOff() {
        FaultSwitches switches = bound(Map.of());

        assertThat(switches.on()).isFalse();
        assertThat(switches.payment()).isEqualTo(PaymentFaults.NONE);
        assertThat(switches.commandDelay("kitchen")).isZero();
        assertThat(switches.failsViewOf("o-1")).isFalse();
    }

    @Test
    void everySwitchCanBeSetFromConfiguration() {
        FaultSwitches switches = bound(Map.of(
                "baedal.faults.payment.failure-rate", "0.5",
                "baedal.faults.payment.latency", "3s",
                "baedal.faults.payment.outage", "true",
                "baedal.faults.command-delays.kitchen", "2s",
                "baedal.faults.failing-view-orders", "o-1,o-2"));

        assertThat(switches.payment()).isEqualTo(new PaymentFaults(0.5, Duration.ofSeconds(3), true));
        assertThat(switches.commandDelay("kitchen")).isEqualTo(Duration.ofSeconds(2));
        assertThat(switches.commandDelay("delivery")).isZero();
        assertThat(switches.failsViewOf("o-2")).isTrue();
        assertThat(switches.on()).isTrue();
    }

    @Test
    void aZeroDelayIsNoDelay() {
        FaultSwitches switches = new FaultSwitches(null, Map.of("kitchen", Duration.ZERO), null);

        assertThat(switches.commandDelays()).isEmpty();
        assertThat(switches.on()).isFalse();
    }

    @Test
    void outOfRangeValuesAreRefused() {
        assertThatThrownBy(() -> new PaymentFaults(1.5, null, false)).hasMessageContaining("failureRate");
        assertThatThrownBy(() -> new PaymentFaults(Double.NaN, null, false)).hasMessageContaining("failureRate");
        assertThatThrownBy(() -> new PaymentFaults(0, Duration.ofSeconds(-1), false)).hasMessageContaining("latency");
        assertThatThrownBy(() -> new FaultSwitches(null, Map.of("kitchen", Duration.ofMinutes(2)), null))
                .hasMessageContaining("commandDelays.kitchen");
        assertThatThrownBy(() -> new FaultSwitches(null, null, Set.of(" ")))
                .hasMessageContaining("failingViewOrders");
        assertThatThrownBy(() -> new FaultSwitches(null, null,
                Set.copyOf(java.util.stream.IntStream.range(0, 1001).mapToObj(i -> "o-" + i).toList())))
                .hasMessageContaining("at most");
    }

    @Test
    void theParticipantIsTheLastPackageSegmentOfTheCommand() {
        assertThat(List.of("io.baedal.coreapi.kitchen.AcceptTicketCommand", "io.baedal.coreapi.payment.RetryPaymentCommand",
                "NoPackage").stream().map(CommandDelayInterceptor::participantOf))
                .containsExactly("kitchen", "payment", "");
    }
}
