package io.baedal.order;

import io.baedal.coreapi.error.DomainException;
import io.baedal.coreapi.error.ErrorCode;

/** The catalogue could not be read: the order cannot be priced, so it is not accepted. */
class CatalogueUnavailableException extends DomainException {

    CatalogueUnavailableException(Throwable cause) {
        super(ErrorCode.SERVICE_UNAVAILABLE, "The restaurant catalogue cannot be read right now");
        initCause(cause);
    }
}
