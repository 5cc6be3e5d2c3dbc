package io.baedal.standalone.support;

import tools.jackson.databind.JsonNode;

/**
 * What the API answered to one command a test sent, labelled with what was sent.
 *
 * @param action what was sent, e.g. {@code cancel} or {@code race:accept}
 * @param code   the problem's {@code code} of a refusal, else null
 */
public record Answer(String action, int status, String contentType, String code, String orderId, String replayed,
                     String body) {

    static Answer of(String action, HttpJson.Response response) {
        String contentType = response.header("Content-Type");
        String code = null;
        String orderId = null;
        if (response.body() != null && response.body().startsWith("{")) {
            JsonNode json = response.json();
            code = json.path("code").isString() ? json.path("code").asString() : null;
            orderId = json.path("orderId").isString() ? json.path("orderId").asString() : null;
        }
        return new Answer(action, response.status(), contentType, code, orderId, response.header("Idempotent-Replayed"),
                response.body());
    }

    /** The same answer under another label. */
    public Answer as(String label) {
        return new Answer(label, status, contentType, code, orderId, replayed, body);
    }

    public boolean accepted() {
        return status == 202;
    }

    public boolean refused(String expectedCode) {
        return status == 409 && expectedCode.equals(code);
    }

    /** {@code 202}, or the status and code of a refusal, e.g. {@code 409 ILLEGAL_TICKET_STATE}. */
    public String outcome() {
        return code == null ? Integer.toString(status) : status + " " + code;
    }

    /**
     * What the REST contract allows for a command: {@code 201} for a placement, {@code 202} for
     * any other command, or a refusal as {@code 409 application/problem+json} with a code.
     */
    public boolean contractual(boolean placement) {
        if (status == (placement ? 201 : 202)) {
            return true;
        }
        return status == 409 && code != null && contentType != null && contentType.startsWith("application/problem+json");
    }

    @Override
    public String toString() {
        return action + " -> " + outcome();
    }
}
