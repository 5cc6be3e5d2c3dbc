package io.baedal.saga;

import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.modelling.saga.AssociationValue;
import org.axonframework.modelling.saga.AssociationValues;
import org.axonframework.modelling.saga.repository.SagaStore;

/**
 * An instance's saga store with the points a test stops it at, once armed: it tells when the
 * instance has loaded a saga, and holds the saving of a saga (in the unit of work's transaction,
 * whatever it has locked still locked) until the test lets it save; then it tells when the
 * transaction has committed.
 */
final class PausingSagaStore implements SagaStore<Object> {

    private static final long PATIENCE_SECONDS = 30;

    final CountDownLatch loaded = new CountDownLatch(1);
    final CountDownLatch saving = new CountDownLatch(1);
    final CountDownLatch committed = new CountDownLatch(1);
    private final CountDownLatch maySave = new CountDownLatch(1);
    private final SagaStore<Object> store;
    private volatile boolean armed;

    PausingSagaStore(SagaStore<Object> store) {
        this.store = store;
    }

    /** From now on, the next load and save are the ones the test follows. */
    void arm() {
        armed = true;
    }

    void letItSave() {
        maySave.countDown();
    }

    @Override
    public <S> Entry<S> loadSaga(Class<S> sagaType, String sagaIdentifier) {
        Entry<S> entry = store.loadSaga(sagaType, sagaIdentifier);
        if (armed) {
            loaded.countDown();
        }
        return entry;
    }

    @Override
    public void updateSaga(Class<?> sagaType, String sagaIdentifier, Object saga, AssociationValues associationValues) {
        if (armed) {
            CurrentUnitOfWork.get().afterCommit(unitOfWork -> committed.countDown());
            saving.countDown();
            try {
                if (!maySave.await(PATIENCE_SECONDS, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("The test never let this instance save the saga");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        store.updateSaga(sagaType, sagaIdentifier, saga, associationValues);
    }

    @Override
    public Set<String> findSagas(Class<?> sagaType, AssociationValue associationValue) {
        return store.findSagas(sagaType, associationValue);
    }

    @Override
    public void deleteSaga(Class<?> sagaType, String sagaIdentifier, Set<AssociationValue> associationValues) {
        store.deleteSaga(sagaType, sagaIdentifier, associationValues);
    }

    @Override
    public void insertSaga(Class<?> sagaType, String sagaIdentifier, Object saga, Set<AssociationValue> associationValues) {
        store.insertSaga(sagaType, sagaIdentifier, saga, associationValues);
    }
}
