-- Three order events were renamed to the past tense. The event stores read events stored under the
-- former names through an upcaster (coreapi's RenamedOrderEvents), but Axon's dead-letter queue reads
-- its entries without upcasters: a view's dead letter queued before the rename gets today's name here.
UPDATE dead_letter_entry SET payload_type = 'io.baedal.coreapi.order.OrderCookingStartedEvent'
    WHERE payload_type = 'io.baedal.coreapi.order.OrderCookingEvent';
UPDATE dead_letter_entry SET payload_type = 'io.baedal.coreapi.order.OrderPaymentRetryScheduledEvent'
    WHERE payload_type = 'io.baedal.coreapi.order.OrderPaymentRetryingEvent';
UPDATE dead_letter_entry SET payload_type = 'io.baedal.coreapi.order.OrderMarkedReadyForPickupEvent'
    WHERE payload_type = 'io.baedal.coreapi.order.OrderReadyForPickupEvent';
