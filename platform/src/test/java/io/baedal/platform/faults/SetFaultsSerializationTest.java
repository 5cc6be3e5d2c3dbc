package io.baedal.platform.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.baedal.platform.faults.FaultBroadcast.SetFaults;
import io.baedal.platform.faults.FaultSwitches.PaymentFaults;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.jackson3.Jackson3Serializer;
import org.junit.jupiter.api.Test;

/** In distributed mode the switches travel to every instance as JSON over Axon Server, and arrive whole. */
class SetFaultsSerializationTest {

    private final Jackson3Serializer serializer = Jackson3Serializer.builder().build();

    @Test
    void everySwitchSurvivesTheTrip() {
        SetFaults sent = new SetFaults(new FaultSwitches(new PaymentFaults(0.25, Duration.ofMillis(1500), true),
                Map.of("kitchen", Duration.ofSeconds(2)), Set.of("o-1", "o-2")));

        SerializedObject<byte[]> json = serializer.serialize(sent, byte[].class);
        SetFaults received = serializer.deserialize(json);

        assertThat(received).isEqualTo(sent);
        assertThat(received.switches().commandDelay("kitchen")).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void allOffSurvivesTheTrip() {
        SetFaults sent = new SetFaults(FaultSwitches.none());

        SetFaults received = serializer.deserialize(serializer.serialize(sent, byte[].class));

        assertThat(received.switches().on()).isFalse();
        assertThat(received).isEqualTo(sent);
    }
}
