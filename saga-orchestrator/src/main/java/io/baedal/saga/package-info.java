/** The OrderSaga that drives every order from payment to delivery, with its compensations. */
package io.baedal.saga;
