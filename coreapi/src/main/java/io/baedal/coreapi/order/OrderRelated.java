package io.baedal.coreapi.order;

/**
 * An event about one order, whichever context published it. Views and the saga use this to keep
 * every event of one order in sequence, even across aggregates.
 */
public interface OrderRelated {

    OrderId orderId();
}
