package io.baedal.platform.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.baedal.coreapi.error.DomainException;
import io.baedal.coreapi.error.ErrorCode;
import io.baedal.coreapi.order.OrderId;
import java.util.List;
import org.axonframework.axonserver.connector.AxonServerConnectionManager;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.bind.annotation.ExceptionHandler;

/**
 * Which failures are the client's and which are ours: invalid input (a {@link DomainException}
 * with a code, also from an id's own check) is a 400; an {@link IllegalArgumentException} from our
 * own code is a programming error, a 500.
 */
class ProblemDetailsAdviceTest {

    private final ProblemDetailsAdvice advice = new ProblemDetailsAdvice(
            new StaticListableBeanFactory().getBeanProvider(AxonServerConnectionManager.class),
            List.of());

    @Test
    void anInvalidIdIsTheClientsMistake() {
        DomainException invalid = catchThrowableOfType(DomainException.class,
                () -> new OrderId("o 1"));

        ResponseEntity<ProblemDetail> answer = advice.domain(invalid, new MockHttpServletRequest("GET", "/api/orders/o 1"));

        assertThat(answer.getStatusCode().value()).isEqualTo(400);
        assertThat(answer.getBody().getProperties()).containsEntry("code", ErrorCode.VALIDATION_FAILED.name());
    }

    @Test
    void anIllegalArgumentFromOurCodeIsA500() {
        ResponseEntity<ProblemDetail> answer = advice.unexpected(new IllegalArgumentException("cannot add USD to KRW"));

        assertThat(answer.getStatusCode().value()).isEqualTo(500);
        assertThat(answer.getBody().getProperties()).containsEntry("code", ErrorCode.INTERNAL_ERROR.name());
        assertThat(answer.getBody().getDetail()).doesNotContain("USD");
    }

    /** A context's own code, as the admin endpoints have. */
    enum ShelfCode implements WebErrorCode {
        SHELF_FULL;

        @Override
        public String title() {
            return "Shelf full";
        }

        @Override
        public HttpStatus status() {
            return HttpStatus.CONFLICT;
        }
    }

    @Test
    void aContextsOwnCodeIsAnsweredWithItsStatusAndTitle() {
        ResponseEntity<ProblemDetail> answer = advice.webRefusal(new WebRefusal(ShelfCode.SHELF_FULL, "No room left"),
                new MockHttpServletRequest("POST", "/api/shelves/s-1"));

        assertThat(answer.getStatusCode().value()).isEqualTo(409);
        assertThat(answer.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(answer.getBody().getTitle()).isEqualTo("Shelf full");
        assertThat(answer.getBody().getDetail()).isEqualTo("No room left");
        assertThat(answer.getBody().getType()).hasToString("urn:baedal:problem:shelf-full");
        assertThat(answer.getBody().getProperties()).containsEntry("code", "SHELF_FULL");
    }

    @Test
    void aServiceUnavailableAnswerSaysWhenToRetry() {
        ResponseEntity<ProblemDetail> answer = Problems.response(ErrorCode.SERVICE_UNAVAILABLE, "Later");

        assertThat(answer.getStatusCode().value()).isEqualTo(503);
        assertThat(answer.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo(Problems.RETRY_AFTER_SECONDS);
    }

    @Test
    void noHandlerMapsIllegalArgumentToABadRequest() throws Exception {
        for (var method : ProblemDetailsAdvice.class.getDeclaredMethods()) {
            var handler = method.getAnnotation(ExceptionHandler.class);
            if (handler != null) {
                assertThat(handler.value()).as(method.getName()).doesNotContain(IllegalArgumentException.class);
            }
        }
    }
}
