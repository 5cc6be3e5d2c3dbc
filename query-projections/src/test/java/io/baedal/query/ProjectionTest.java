package io.baedal.query;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Base of the projection tests: the handlers are called directly, each call in its own
 * transaction as a processor would, against real PostgreSQL.
 */
@SpringBootTest(classes = ProjectionTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE)
public abstract class ProjectionTest {

    @Autowired
    private TransactionTemplate transactions;

    protected void handle(Runnable handlerCall) {
        transactions.executeWithoutResult(status -> handlerCall.run());
    }

    protected <T> T read(java.util.function.Supplier<T> query) {
        return transactions.execute(status -> query.get());
    }
}
