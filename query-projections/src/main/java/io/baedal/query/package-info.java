/** Read models built from events: order status, kitchen queue, rider board and notifications. */
package io.baedal.query;
