package io.baedal.order;

import static org.assertj.core.api.Assertions.assertThat;

import io.baedal.coreapi.kitchen.RestaurantView;
import java.nio.charset.StandardCharsets;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.jackson3.Jackson3Serializer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The kitchen's answer about a restaurant travels over the query bus as JSON: one written by a
 * kitchen from before delivery zones (no {@code zones}) still reads, as a restaurant that delivers
 * to its own zone only.
 */
class RestaurantViewFormTest {

    private final Jackson3Serializer serializer = Jackson3Serializer.builder().build();

    @Test
    void anAnswerWithoutZonesReadsAsDeliveringToTheRestaurantsOwnZone() {
        SerializedObject<byte[]> current = serializer.serialize(Restaurants.noodleBar(), byte[].class);
        ObjectNode json = (ObjectNode) JsonMapper.shared().readTree(current.getData());
        json.remove("zones");
        byte[] before = json.toString().getBytes(StandardCharsets.UTF_8);

        RestaurantView read = serializer.deserialize(new SimpleSerializedObject<>(before, byte[].class, current.getType()));

        assertThat(read.zones()).containsExactly("mapo");
        assertThat(read.menu()).isEqualTo(Restaurants.noodleBar().menu());
    }

    @Test
    void anAnswerWithZonesKeepsThem() {
        SerializedObject<byte[]> current = serializer.serialize(Restaurants.noodleBar(), byte[].class);

        RestaurantView read = serializer.deserialize(current);

        assertThat(read).isEqualTo(Restaurants.noodleBar());
        assertThat(read.zones()).containsExactly("mapo", "seodaemun");
    }
}
