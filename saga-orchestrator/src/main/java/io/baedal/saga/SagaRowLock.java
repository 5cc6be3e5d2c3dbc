package io.baedal.saga;

import jakarta.persistence.LockModeType;
import org.axonframework.common.jpa.EntityManagerProvider;
import org.axonframework.common.lock.Lock;
import org.axonframework.common.lock.LockFactory;
import org.axonframework.common.lock.PessimisticLockFactory;

/**
 * Locks a saga for the unit of work that loads it, in every instance at once. Axon's saga
 * repository locks a saga only inside its own JVM, so a deadline that one instance runs and an
 * event that the instance owning the saga's segment handles could both load the saga, and the
 * later save would undo the other (a timeout's or a cancellation's change would vanish).
 *
 * <p>After the JVM's lock this takes a row lock on the saga's {@code saga_entry}, in the unit of
 * work's transaction (the processor's batch and the deadline manager's execution each run in
 * one); the other instance's load then waits until that transaction ends, and in READ COMMITTED
 * it reads what was committed. The lock is taken before Axon loads the saga, not in the saga
 * store: Axon loads inside a map's {@code computeIfAbsent}, where a wait would also hold up other
 * sagas of this JVM, out of sight of PostgreSQL's deadlock detection. A deadline locks one saga;
 * a batch locks sagas of its own segment, which no other batch touches but while a segment
 * changes hands, when PostgreSQL or the JVM's lock timeout ends a deadlock and the batch is
 * retried. A saga not saved yet has no row to lock, and no other instance knows of it.
 */
final class SagaRowLock implements LockFactory {

    private final LockFactory inThisJvm = PessimisticLockFactory.usingDefaults();
    private final EntityManagerProvider entityManagerProvider;

    SagaRowLock(EntityManagerProvider entityManagerProvider) {
        this.entityManagerProvider = entityManagerProvider;
    }

    /** The JVM's lock, released by Axon when the unit of work is cleaned up; the row's goes with the transaction. */
    @Override
    public Lock obtainLock(String sagaId) {
        Lock lock = inThisJvm.obtainLock(sagaId);
        try {
            // Outside a transaction this fails (TransactionRequiredException) rather than lock nothing.
            entityManagerProvider.getEntityManager()
                    .createQuery("SELECT e.sagaId FROM SagaEntry e WHERE e.sagaId = :sagaId", String.class)
                    .setParameter("sagaId", sagaId)
                    .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                    .getResultList();
            return lock;
        } catch (RuntimeException e) {
            lock.release();
            throw e;
        }
    }
}
