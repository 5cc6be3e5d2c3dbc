package io.baedal.standalone.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Which account a test request signs in as when the test does not say: the one the REST contract
 * expects to make it. A placement is made by the customer its body names, a read of an order by the
 * customer who placed it (remembered from the placement's answer), a ticket step by a restaurant
 * account running every restaurant of the catalogue, a rider step by the rider its body names, the
 * board by a rider of the zone asked for, operations by an admin. These are the issuer's test
 * accounts ({@code role:subject}, on in tests with {@code baedal.identity.test-accounts}), so every
 * journey runs on real tokens; tests of the rules themselves choose accounts explicitly.
 */
public final class Accounts {

    public static final String ADMIN = "admin:ops";
    private static final Map<String, String> ORDER_OWNERS = new ConcurrentHashMap<>();
    private static final Pattern ORDER_PATH = Pattern.compile("/api/orders/([^/?]+).*");
    private static final Pattern CUSTOMER_PATH = Pattern.compile("/api/customers/([^/?]+)/.*");
    private static final Pattern KITCHEN_PATH = Pattern.compile("/api/restaurants/([^/?]+)/tickets.*");
    private static final Pattern ZONE_PARAM = Pattern.compile(".*[?&]zone=([^&]+).*");
    private static final Catalogue CATALOGUE = Catalogue.read();

    private Accounts() {
    }

    public static String customer(String customerId) {
        return "customer:" + customerId;
    }

    public static String rider(String riderId, String... zones) {
        return "rider:" + riderId + (zones.length == 0 ? "@" + String.join("+", CATALOGUE.zones) : "@" + String.join("+", zones));
    }

    public static String restaurant(String... restaurantIds) {
        return "restaurant:" + String.join("+", restaurantIds);
    }

    /** A restaurant account that runs every restaurant of the catalogue. */
    public static String everyKitchen() {
        return restaurant(CATALOGUE.restaurants.toArray(String[]::new));
    }

    /** Remembers who placed an order, for the reads and the cancel that follow. */
    static void placed(String orderId, String account) {
        ORDER_OWNERS.put(orderId, account);
    }

    /** The account of a request, or null for one that needs no token. */
    static String forRequest(String method, String path, JsonNode body) {
        if (!path.startsWith("/api/")) {
            boolean open = !path.startsWith("/actuator/") || path.startsWith("/actuator/health")
                    || path.startsWith("/actuator/prometheus");
            return open ? null : ADMIN;
        }
        if (path.startsWith("/api/restaurants") && !path.contains("/tickets")) {
            return null; // the catalogue
        }
        if (path.startsWith("/api/admin/")) {
            return ADMIN;
        }
        if (path.equals("/api/orders")) {
            String customerId = HttpJson.text(body, "customerId");
            return customer(customerId == null ? "nobody" : customerId);
        }
        Matcher order = ORDER_PATH.matcher(path);
        if (order.matches()) {
            return ORDER_OWNERS.getOrDefault(order.group(1), customer("nobody"));
        }
        Matcher customer = CUSTOMER_PATH.matcher(path);
        if (customer.matches()) {
            return customer(customer.group(1));
        }
        Matcher kitchen = KITCHEN_PATH.matcher(path);
        if (kitchen.matches()) {
            return restaurant(kitchen.group(1));
        }
        if (path.startsWith("/api/tickets/")) {
            return everyKitchen();
        }
        if (path.startsWith("/api/deliveries/")) {
            String riderId = HttpJson.text(body, "riderId");
            return rider(riderId == null ? "nobody" : riderId);
        }
        if (path.startsWith("/api/deliveries")) {
            Matcher zone = ZONE_PARAM.matcher(path);
            return zone.matches() ? rider("board", zone.group(1)) : rider("board");
        }
        return null;
    }

    /** The restaurants and zones of the catalogue the application serves. */
    private record Catalogue(Set<String> restaurants, Set<String> zones) {

        static Catalogue read() {
            try (InputStream in = Accounts.class.getResourceAsStream("/catalogue/restaurants.json")) {
                if (in == null) {
                    throw new IllegalStateException("catalogue/restaurants.json is not on the test class path");
                }
                Set<String> restaurants = new TreeSet<>();
                Set<String> zones = new TreeSet<>();
                for (JsonNode restaurant : HttpJson.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8))) {
                    restaurants.add(restaurant.path("id").asString());
                    restaurant.path("zones").forEach(zone -> zones.add(zone.asString()));
                }
                return new Catalogue(restaurants, zones);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
