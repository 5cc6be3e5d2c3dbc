package io.baedal.standalone.support;

import static io.baedal.standalone.support.HttpJson.json;

import java.util.Map;

/** The commands customers, kitchens and riders send over HTTP, each answer labelled with what was sent. */
public final class Actions {

    private final HttpJson http;

    public Actions(HttpJson http) {
        this.http = http;
    }

    public Answer place(Map<String, Object> body) {
        return Answer.of("place", http.post("/api/orders", json(body)));
    }

    public Answer place(Map<String, Object> body, String idempotencyKey) {
        return Answer.of("place", http.post("/api/orders", json(body), Map.of("Idempotency-Key", idempotencyKey)));
    }

    public Answer cancel(String orderId) {
        return Answer.of("cancel", http.post("/api/orders/" + orderId + "/cancel", json(Map.of("reason", "changed my mind"))));
    }

    public Answer accept(String ticketId) {
        return Answer.of("accept", http.post("/api/tickets/" + ticketId + "/accept", null));
    }

    public Answer reject(String ticketId) {
        return Answer.of("reject", http.post("/api/tickets/" + ticketId + "/reject", json(Map.of("reason", "out of noodles"))));
    }

    public Answer startCooking(String ticketId) {
        return Answer.of("start-cooking", http.post("/api/tickets/" + ticketId + "/start-cooking", null));
    }

    public Answer finishCooking(String ticketId) {
        return Answer.of("finish-cooking", http.post("/api/tickets/" + ticketId + "/finish-cooking", null));
    }

    public Answer claim(String deliveryId, String riderId) {
        return riderStep("claim", deliveryId, riderId);
    }

    public Answer pickUp(String deliveryId, String riderId) {
        return riderStep("pick-up", deliveryId, riderId);
    }

    public Answer deliver(String deliveryId, String riderId) {
        return riderStep("deliver", deliveryId, riderId);
    }

    private Answer riderStep(String step, String deliveryId, String riderId) {
        return Answer.of(step, http.post("/api/deliveries/" + deliveryId + "/" + step, json(Map.of("riderId", riderId))));
    }
}
