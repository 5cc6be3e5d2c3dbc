package io.baedal.platform.axon;

import java.util.List;
import java.util.Optional;
import org.axonframework.common.jpa.EntityManagerProvider;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.axonframework.eventhandling.tokenstore.UnableToInitializeTokenException;
import org.axonframework.eventhandling.tokenstore.UnableToRetrieveIdentifierException;

/**
 * A token store whose processors' first start is safe when several instances of a service start
 * at once. Each one finds no tokens for a processor and inserts them; the slower one's insert fails
 * on the primary key, which marks its transaction rollback-only, and Axon's start-up then fails on
 * the commit ({@code UnexpectedRollbackException}: seen with two query services started together).
 * The same goes for the store's identifier ({@code __config}), created by the first processor that
 * asks. Here the instances take turns on a PostgreSQL advisory lock for the transaction, and the one
 * that comes second finds what the first committed and leaves it.
 */
final class OneTokenInitializationAtATime implements TokenStore {

    private final TokenStore delegate;
    private final EntityManagerProvider entityManagers;

    OneTokenInitializationAtATime(TokenStore delegate, EntityManagerProvider entityManagers) {
        this.delegate = delegate;
        this.entityManagers = entityManagers;
    }

    @Override
    public void initializeTokenSegments(String processorName, int segmentCount) {
        initializeTokenSegments(processorName, segmentCount, null);
    }

    @Override
    public void initializeTokenSegments(String processorName, int segmentCount, TrackingToken initialToken) {
        takeTurns("axon-token-init:" + processorName);
        // A statement run after the lock sees what the instance that held it committed.
        if (delegate.fetchSegments(processorName).length > 0) {
            return;
        }
        delegate.initializeTokenSegments(processorName, segmentCount, initialToken);
    }

    @Override
    public void storeToken(TrackingToken token, String processorName, int segment) throws UnableToClaimTokenException {
        delegate.storeToken(token, processorName, segment);
    }

    @Override
    public TrackingToken fetchToken(String processorName, int segment) throws UnableToClaimTokenException {
        return delegate.fetchToken(processorName, segment);
    }

    @Override
    public TrackingToken fetchToken(String processorName, Segment segment) throws UnableToClaimTokenException {
        return delegate.fetchToken(processorName, segment);
    }

    @Override
    public void extendClaim(String processorName, int segment) throws UnableToClaimTokenException {
        delegate.extendClaim(processorName, segment);
    }

    @Override
    public void releaseClaim(String processorName, int segment) {
        delegate.releaseClaim(processorName, segment);
    }

    @Override
    public void initializeSegment(TrackingToken token, String processorName, int segment)
            throws UnableToInitializeTokenException {
        delegate.initializeSegment(token, processorName, segment);
    }

    @Override
    public void deleteToken(String processorName, int segment) throws UnableToClaimTokenException {
        delegate.deleteToken(processorName, segment);
    }

    @Override
    public boolean requiresExplicitSegmentInitialization() {
        return delegate.requiresExplicitSegmentInitialization();
    }

    @Override
    public int[] fetchSegments(String processorName) {
        return delegate.fetchSegments(processorName);
    }

    @Override
    public List<Segment> fetchAvailableSegments(String processorName) {
        return delegate.fetchAvailableSegments(processorName);
    }

    /** The store's identifier is a row of its own, created by whoever asks first: the same race. */
    @Override
    public Optional<String> retrieveStorageIdentifier() throws UnableToRetrieveIdentifierException {
        takeTurns("axon-token-config");
        return delegate.retrieveStorageIdentifier();
    }

    /** Waits for any other instance in the same step; the lock is held until this transaction ends. */
    private void takeTurns(String step) {
        entityManagers.getEntityManager()
                .createNativeQuery("select pg_advisory_xact_lock(hashtext(?1))::text")
                .setParameter(1, step)
                .getSingleResult();
    }
}
