package io.baedal.standalone.support;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Object Mother for request bodies of {@code POST /api/orders}, against the demo catalogue. */
public final class OrderRequests {

    public static final String RESTAURANT = "r-mapo-noodle";
    public static final String KALGUKSU = "r-mapo-noodle-kalguksu";
    public static final String MANDU = "r-mapo-noodle-mandu";
    public static final String UNAVAILABLE_ITEM = "r-gangnam-bibim-naengmyeon";

    private OrderRequests() {
    }

    /** Two kalguksu (9000 each) and one mandu (7000): 25000 KRW. */
    public static Map<String, Object> aNoodleOrder(String customerId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("customerId", customerId);
        body.put("restaurantId", RESTAURANT);
        body.put("items", List.of(item(KALGUKSU, 2), item(MANDU, 1)));
        body.put("deliveryAddress", Map.of("street", "1 Hongik-ro", "zone", "mapo"));
        body.put("paymentToken", "tok-visa");
        return body;
    }

    public static Map<String, Object> item(String menuItemId, Object quantity) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("menuItemId", menuItemId);
        item.put("quantity", quantity);
        return item;
    }

    public static Map<String, Object> with(Map<String, Object> body, String field, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(body);
        if (value == null) {
            copy.remove(field);
        } else {
            copy.put(field, value);
        }
        return copy;
    }
}
