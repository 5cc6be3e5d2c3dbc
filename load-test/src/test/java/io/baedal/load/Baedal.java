package io.baedal.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * What every scenario needs from the running application, read once before the load starts: the
 * demo accounts' tokens (README, "Sign in") and, per restaurant a demo kitchen runs, a dish on its
 * menu and a rider of its zone. The scenarios then place orders as a real client would.
 */
final class Baedal {

    static final String BASE_URL = System.getProperty("baseUrl", "http://localhost:8080");
    static final int USERS = Integer.getInteger("users", 64);
    static final int DURATION_SECONDS = Integer.getInteger("duration", 60);
    static final int RATE = Integer.getInteger("rate", 100);
    static final List<String> TERMINAL = List.of("DELIVERED", "CANCELLED", "REJECTED");
    static final ObjectMapper JSON = new ObjectMapper();

    /** A restaurant with the tokens of its kitchen and of a rider of its zone, and a dish to order. */
    record Lane(String restaurantId, String menuItemId, String zone, String kitchenToken, String riderToken) {
    }

    /** The demo customers: orders go round them. */
    static final List<String> CUSTOMERS = List.of("c-1", "c-2");

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private Baedal() {
    }

    static List<Lane> lanes() {
        String mapoRider = token("rider-1");
        String gangnamRider = token("rider-3");
        List<Lane> lanes = new ArrayList<>();
        lanes.add(lane("r-mapo-noodle", "mapo", token("mapo-kitchen"), mapoRider));
        lanes.add(lane("r-gangnam-bibim", "gangnam", token("gangnam-kitchen"), gangnamRider));
        lanes.add(lane("r-jongno-bbq", "jongno", token("jongno-kitchen"), gangnamRider));
        return lanes;
    }

    static String token(String account) {
        String basic = Base64.getEncoder().encodeToString((account + ":demo").getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(BASE_URL + "/oauth2/token"))
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
                .build();
        return read(request, "a token for " + account).path("access_token").asText();
    }

    static JsonNode get(String path, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(BASE_URL + path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return read(request.build(), path);
    }

    static String query(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    static String orderBody(String customerId, Lane lane) {
        return """
                {"customerId":"%s","restaurantId":"%s","items":[{"menuItemId":"%s","quantity":1}],\
                "deliveryAddress":{"street":"1 Load Street","zone":"%s"},"paymentToken":"tok-load"}"""
                .formatted(customerId, lane.restaurantId(), lane.menuItemId(), lane.zone());
    }

    private static Lane lane(String restaurantId, String zone, String kitchenToken, String riderToken) {
        JsonNode restaurant = get("/api/restaurants/" + restaurantId, null);
        for (JsonNode dish : restaurant.path("menu")) {
            if (dish.path("available").asBoolean()) {
                return new Lane(restaurantId, dish.path("id").asText(), zone, kitchenToken, riderToken);
            }
        }
        throw new IllegalStateException(restaurantId + " has nothing available on its menu");
    }

    private static JsonNode read(HttpRequest request, String what) {
        try {
            HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("could not get " + what + ": " + response.statusCode() + " " + response.body());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("could not get " + what + " from " + BASE_URL, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
