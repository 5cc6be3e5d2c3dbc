package io.baedal.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.baedal.standalone.support.RunningBaedal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Two instances of a service starting together each find a processor without tokens and create
 * them, as Axon's processors do at start-up (look, then insert, in one transaction). Both must start:
 * the second finds the first one's tokens instead of failing on the duplicate key, which used to
 * stop the second query service of {@code scripts/run-distributed.sh} at start-up.
 */
class TokenInitializationTest {

    @TempDir
    Path dataDir;

    @Test
    void twoInstancesInitialisingOneProcessorAtOnceBothSucceedWithOneSetOfTokens() throws Exception {
        try (RunningBaedal baedal = RunningBaedal.start(dataDir)) {
            TokenStore tokens = baedal.bean(TokenStore.class);
            TransactionTemplate transaction = new TransactionTemplate(baedal.bean(PlatformTransactionManager.class));
            CyclicBarrier bothLooked = new CyclicBarrier(2);
            ExecutorService instances = Executors.newFixedThreadPool(2);
            try {
                List<Future<Boolean>> starts = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    starts.add(instances.submit(() -> transaction.execute(status -> {
                        boolean found = tokens.fetchSegments("started-twice").length > 0;
                        await(bothLooked);
                        if (!found) {
                            tokens.initializeTokenSegments("started-twice", 4);
                        }
                        return found;
                    })));
                }
                for (Future<Boolean> start : starts) {
                    assertThat(start.get(30, TimeUnit.SECONDS)).as("each instance found no tokens before either wrote").isFalse();
                }
            } finally {
                instances.shutdownNow();
            }
            int[] segments = transaction.execute(status -> tokens.fetchSegments("started-twice"));
            assertThat(segments).containsExactly(0, 1, 2, 3);
            assertThat(baedal.jdbc().queryForObject(
                    "SELECT count(*) FROM token_entry WHERE processor_name = 'started-twice'", Long.class)).isEqualTo(4);
        }
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
