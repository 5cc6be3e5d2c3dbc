// Customer: the restaurants of a zone, a cart, checkout, and the order followed live on its
// Server-Sent Events stream; the customer's orders and notifications beside it.

import { Session } from './api.js';
import { money, t, time } from './i18n.js';
import { act, el, shortId, showProblem, startPage } from './ui.js';

const ACCOUNTS = ['c-1', 'c-2'];
const TERMINAL = new Set(['DELIVERED', 'CANCELLED', 'REJECTED']);
// Where the order's transitions allow CANCELLATION_REQUESTED; elsewhere the button is not offered
// (and if the order moved on meanwhile, the API's 409 says so).
const CANCELLABLE = new Set(['PAYMENT_PENDING', 'PAYMENT_RETRYING', 'PAID', 'ACCEPTED']);
// The stream ends when the order does; one that broke off before is opened again after this.
const REOPEN_STREAM_MS = 2000;
const HISTORY_SIZE = 10;
// Notifications come from a view of their own, which may trail the order's stream a little.
const HISTORY_POLL_MS = 3000;

const session = new Session('customer');
const $ = (id) => document.getElementById(id);

let restaurants = [];
const cart = { restaurant: null, quantities: new Map() };
let following = null;

// --- Catalogue and cart ---

async function loadCatalogue() {
  restaurants = await session.get('/api/restaurants');
  const zones = [...new Set(restaurants.flatMap((restaurant) => restaurant.zones))].sort();
  const picker = $('zone');
  picker.replaceChildren(...zones.map((zone) => el('option', { value: zone, text: zone })));
  picker.value = zones.includes(localStorage.getItem('baedal.zone')) ? localStorage.getItem('baedal.zone') : zones[0];
  picker.addEventListener('change', () => {
    localStorage.setItem('baedal.zone', picker.value);
    renderRestaurants();
  });
  renderRestaurants();
}

function renderRestaurants() {
  const zone = $('zone').value;
  const serving = restaurants.filter((restaurant) => restaurant.zones.includes(zone));
  $('restaurants').replaceChildren(...(serving.length === 0
    ? [el('p', { class: 'muted', text: t('customer.noRestaurants') })]
    : serving.map((restaurant) => el('article', { class: 'restaurant', data: { restaurantId: restaurant.id } },
      el('h3', { text: restaurant.name }),
      el('p', { class: 'muted', text: restaurant.address ? restaurant.address.street : '' }),
      el('ul', { class: 'menu' }, restaurant.menu.map((item) => el('li', { data: { menuItemId: item.id } },
        el('span', { class: 'name', text: item.name }),
        el('span', { class: 'price', text: money(item.price) }),
        el('button', {
          type: 'button',
          class: 'add',
          disabled: !item.available,
          text: item.available ? t('customer.add') : t('customer.unavailable'),
          onclick: () => addToCart(restaurant, item),
        }))))))));
}

function addToCart(restaurant, item) {
  // One order is one restaurant's: choosing from another starts a new cart.
  if (!cart.restaurant || cart.restaurant.id !== restaurant.id) {
    cart.restaurant = restaurant;
    cart.quantities.clear();
  }
  cart.quantities.set(item.id, (cart.quantities.get(item.id) || 0) + 1);
  renderCart();
}

function removeFromCart(itemId) {
  const left = (cart.quantities.get(itemId) || 0) - 1;
  if (left > 0) {
    cart.quantities.set(itemId, left);
  } else {
    cart.quantities.delete(itemId);
  }
  renderCart();
}

function renderCart() {
  const restaurant = cart.restaurant;
  const lines = restaurant ? [...cart.quantities].map(([itemId, quantity]) => ({
    item: restaurant.menu.find((candidate) => candidate.id === itemId), quantity,
  })) : [];
  $('cart-restaurant').textContent = lines.length ? t('customer.cartFrom', { restaurant: restaurant.name }) : t('customer.cartEmpty');
  $('cart-lines').replaceChildren(...lines.map(({ item, quantity }) => el('li', { data: { menuItemId: item.id } },
    el('span', { class: 'name', text: `${quantity} × ${item.name}` }),
    el('span', { class: 'price', text: money({ amount: Number(item.price.amount) * quantity, currency: item.price.currency }) }),
    el('button', { type: 'button', class: 'remove', title: t('customer.remove'), 'aria-label': t('customer.remove'), text: '−', onclick: () => removeFromCart(item.id) }))));
  const currency = lines.length ? lines[0].item.price.currency : null;
  const estimate = lines.reduce((sum, { item, quantity }) => sum + Number(item.price.amount) * quantity, 0);
  $('cart-total').textContent = lines.length ? t('customer.estimate', { total: money({ amount: estimate, currency }) }) : '';
  $('place-order').disabled = lines.length === 0;
}

async function placeOrder(event) {
  event.preventDefault();
  const button = $('place-order');
  await act(button, async () => {
    const placed = await session.post('/api/orders', {
      customerId: session.subject,
      restaurantId: cart.restaurant.id,
      items: [...cart.quantities].map(([menuItemId, quantity]) => ({ menuItemId, quantity })),
      deliveryAddress: { street: $('street').value, zone: $('zone').value },
      paymentToken: $('payment-token').value,
    });
    cart.restaurant = null;
    cart.quantities.clear();
    follow(placed.orderId);
  });
  renderCart();
}

// --- The order, live ---

function stopFollowing() {
  if (following) {
    following.abort.abort();
    following = null;
  }
  $('order').hidden = true;
  history.replaceState(null, '', location.pathname + location.search);
}

async function follow(orderId) {
  stopFollowing();
  const abort = new AbortController();
  following = { orderId, abort, version: -1, status: null, customerId: null };
  const mine = following;
  history.replaceState(null, '', `${location.pathname}${location.search}#order=${encodeURIComponent(orderId)}`);
  $('order-id').textContent = shortId(orderId);
  $('order-id').title = orderId;
  $('order').dataset.orderId = orderId;
  $('order-status').dataset.status = '';
  $('order-status').textContent = t('loading');
  $('order').hidden = false;
  // On a phone the order sits below the menus: bring it into view.
  $('order').scrollIntoView({ block: 'nearest' });
  try {
    // Right after placing, the view may be a moment behind: wait for its first version.
    render(mine, await session.get(`/api/orders/${encodeURIComponent(orderId)}?minVersion=1`));
    while (!abort.signal.aborted && !TERMINAL.has(mine.status)) {
      $('order-live').hidden = false;
      try {
        await session.follow(`/api/orders/${encodeURIComponent(orderId)}/stream`, (view) => render(mine, view), abort.signal);
      } catch (failure) {
        if (failure.name === 'AbortError') {
          return;
        }
        showProblem(failure);
      } finally {
        if (following === mine) {
          $('order-live').hidden = true;
        }
      }
      if (!TERMINAL.has(mine.status)) {
        await new Promise((resolve) => setTimeout(resolve, REOPEN_STREAM_MS));
      }
    }
  } catch (failure) {
    if (failure.name !== 'AbortError') {
      showProblem(failure);
    }
  }
}

function render(mine, view) {
  if (following !== mine || view.version < mine.version) {
    return;
  }
  mine.version = view.version;
  mine.status = view.status;
  mine.customerId = view.customerId;
  const status = $('order-status');
  status.dataset.status = view.status;
  status.textContent = t(`status.${view.status}`);
  const reason = $('order-reason');
  reason.hidden = !view.reason;
  reason.dataset.reason = view.reason || '';
  reason.textContent = view.reason ? t('customer.reason', { reason: t(`reason.${view.reason}`) }) : '';
  const rider = $('order-rider');
  rider.hidden = !view.riderId;
  rider.textContent = view.riderId ? t('customer.rider', { rider: view.riderId }) : '';
  $('order-lines').replaceChildren(...(view.items || []).map((line) => el('li', {},
    el('span', { class: 'name', text: `${line.quantity} × ${line.name}` }),
    el('span', { class: 'price', text: money(line.lineTotal) }))));
  $('order-total').textContent = money(view.total);
  $('timeline').replaceChildren(...(view.timeline || []).map((entry) => el('li', { data: { status: entry.status } },
    el('span', { text: t(`status.${entry.status}`) }),
    el('time', { datetime: entry.at, text: time(entry.at) }))));
  $('cancel-order').hidden = !CANCELLABLE.has(view.status);
  refreshHistory();
}

async function cancelOrder() {
  if (!following) {
    return;
  }
  const orderId = following.orderId;
  await act($('cancel-order'), () => session.post(`/api/orders/${encodeURIComponent(orderId)}/cancel`,
    { reason: t('customer.cancelReason') }));
}

// --- History and notifications ---

function restaurantName(restaurantId) {
  const known = restaurants.find((restaurant) => restaurant.id === restaurantId);
  return known ? known.name : restaurantId;
}

/** A customer who never ordered is unknown to the views (404): for this page, an empty list. */
async function listOrEmpty(path, pick) {
  try {
    return pick(await session.get(path));
  } catch (failure) {
    if (failure.code === 'CUSTOMER_NOT_FOUND') {
      return [];
    }
    throw failure;
  }
}

let historyRunning = null;
let historyAgain = false;

function refreshHistory() {
  // One refresh at a time; changes meanwhile ask for one more after it.
  if (historyRunning) {
    historyAgain = true;
    return historyRunning;
  }
  historyRunning = loadHistory()
    .catch(showProblem)
    .finally(() => {
      historyRunning = null;
      if (historyAgain) {
        historyAgain = false;
        refreshHistory();
      }
    });
  return historyRunning;
}

async function loadHistory() {
  const customer = encodeURIComponent(session.subject);
  const [orders, notifications] = await Promise.all([
    listOrEmpty(`/api/customers/${customer}/orders?page=0&size=${HISTORY_SIZE}`, (page) => page.content),
    listOrEmpty(`/api/customers/${customer}/notifications`, (list) => list.slice(0, 20)),
  ]);
  $('orders').replaceChildren(...(orders.length === 0
    ? [el('li', { class: 'muted', text: t('customer.noOrders') })]
    : orders.map((order) => el('li', { data: { orderId: order.orderId, status: order.status } },
      el('button', { type: 'button', class: 'link', onclick: () => follow(order.orderId) },
        el('code', { text: shortId(order.orderId) }),
        el('span', { text: ` ${restaurantName(order.restaurantId)} · ` }),
        el('span', { class: 'status', data: { status: order.status }, text: t(`status.${order.status}`) }),
        el('span', { class: 'price', text: ` ${money(order.total)}` }))))));
  $('notification-list').replaceChildren(...(notifications.length === 0
    ? [el('li', { class: 'muted', text: t('customer.noNotifications') })]
    : notifications.map((note) => el('li', { data: { orderId: note.orderId, status: note.status } },
      el('time', { datetime: note.at, text: time(note.at) }),
      ' ',
      el('strong', { class: 'status', data: { status: note.status }, text: t(`status.${note.status}`) }),
      ' ',
      el('span', { class: 'muted', text: note.message })))));
}

// --- Start ---

$('checkout').addEventListener('submit', placeOrder);
$('cancel-order').addEventListener('click', cancelOrder);
renderCart();
loadCatalogue().catch(showProblem);
startPage(session, ACCOUNTS, async () => {
  if (following && following.customerId && following.customerId !== session.subject) {
    stopFollowing();
  }
  await refreshHistory();
}).then(() => {
  setInterval(refreshHistory, HISTORY_POLL_MS);
  const wanted = new URLSearchParams(location.hash.slice(1)).get('order');
  if (wanted && !following) {
    follow(wanted);
  }
});
