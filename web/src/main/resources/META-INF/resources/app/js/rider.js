// Rider: the board of one zone (deliveries waiting for a rider), the rider's own deliveries and
// the last ones delivered, polled while "live" is ticked; claim, pick up, deliver.

import { Session } from './api.js';
import { t, time } from './i18n.js';
import { act, el, poll, shortId, showProblem, startPage, syncList } from './ui.js';

const ACCOUNTS = ['rider-1', 'rider-2', 'rider-3'];
const DELIVERED_SHOWN = 5;
const POLL_MS = 1000;
const AFTER_ACTION_MS = 300;

const session = new Session('rider');
const $ = (id) => document.getElementById(id);
const caches = { board: new Map(), mine: new Map(), delivered: new Map() };
let catalogueZones = null;

async function zonesOf() {
  // Without a token (a server that issues none) every zone of the catalogue is offered.
  if (session.claims.zones) {
    return session.claims.zones;
  }
  if (!catalogueZones) {
    const restaurants = await session.get('/api/restaurants');
    catalogueZones = [...new Set(restaurants.flatMap((restaurant) => restaurant.zones))].sort();
  }
  return catalogueZones;
}

async function onSignedIn() {
  const picker = $('zone');
  const previous = picker.value;
  const zones = await zonesOf();
  picker.replaceChildren(...zones.map((zone) => el('option', { value: zone, text: zone })));
  if (zones.includes(previous)) {
    picker.value = previous;
  }
  Object.values(caches).forEach((cache) => cache.clear());
  refresh();
}

const deliveries = (query) => session.get(`/api/deliveries?${new URLSearchParams(query)}`);

async function load() {
  const zone = $('zone').value;
  if (!session.state || !zone) {
    return;
  }
  const me = session.subject;
  const [board, assigned, pickedUp, delivered] = await Promise.all([
    deliveries({ zone, status: 'AWAITING_RIDER' }),
    deliveries({ status: 'RIDER_ASSIGNED' }),
    deliveries({ status: 'PICKED_UP' }),
    deliveries({ status: 'DELIVERED' }),
  ]);
  if (zone !== $('zone').value || me !== session.subject) {
    return;
  }
  const oldestFirst = (a, b) => String(a.createdAt).localeCompare(String(b.createdAt));
  show('board', board.sort(oldestFirst));
  show('mine', [...assigned, ...pickedUp].filter((delivery) => delivery.riderId === me).sort(oldestFirst));
  show('delivered', delivered.filter((delivery) => delivery.riderId === me)
    .sort((a, b) => String(b.updatedAt).localeCompare(String(a.updatedAt))).slice(0, DELIVERED_SHOWN));
}

function show(section, items) {
  document.querySelector(`#${section} .count`).textContent = `(${items.length})`;
  syncList($(`${section}-list`), items, {
    key: (delivery) => delivery.deliveryId,
    signature: (delivery) => `${delivery.status}|${delivery.updatedAt}|${delivery.escalations}`,
    build: deliveryCard,
    cache: caches[section],
  });
}

function deliveryCard(delivery) {
  const command = (label, action, className) => el('button', {
    type: 'button',
    class: className,
    text: t(label),
    onclick: (event) => act(event.currentTarget, () => session.post(
      `/api/deliveries/${encodeURIComponent(delivery.deliveryId)}/${action}`, { riderId: session.subject }))
      // A lost race leaves its problem on screen; the board then shows who has it now.
      .then(refreshSoon),
  });
  let action = null;
  if (delivery.status === 'AWAITING_RIDER') {
    action = command('rider.claim', 'claim', 'claim primary');
  } else if (delivery.status === 'RIDER_ASSIGNED') {
    action = command('rider.pickUp', 'pick-up', 'pick-up primary');
  } else if (delivery.status === 'PICKED_UP') {
    action = command('rider.deliver', 'deliver', 'deliver primary');
  }
  const pickup = delivery.pickupAddress || {};
  const dropOff = delivery.dropOffAddress || {};
  return el('li', { class: 'card delivery', data: { deliveryId: delivery.deliveryId, orderId: delivery.orderId, status: delivery.status } },
    el('header', {},
      el('strong', { title: delivery.orderId, text: shortId(delivery.orderId) }),
      el('span', { class: 'status', data: { status: delivery.status }, text: t(`delivery.${delivery.status}`) }),
      el('time', { datetime: delivery.createdAt, text: time(delivery.createdAt) })),
    el('p', { text: t('rider.from', { street: pickup.street || '' }) }),
    el('p', { text: t('rider.to', { street: dropOff.street || '', zone: dropOff.zone || delivery.zone }) }),
    delivery.escalations > 0 ? el('p', { class: 'reason', text: t('rider.escalations', { count: delivery.escalations }) }) : null,
    action ? el('div', { class: 'actions' }, action) : null);
}

const refresh = poll(load, POLL_MS);
// After an action: at once, and again when the view has most likely caught up with it.
const refreshSoon = () => {
  refresh();
  setTimeout(refresh, AFTER_ACTION_MS);
};
$('zone').addEventListener('change', () => {
  caches.board.clear();
  refresh();
});
startPage(session, ACCOUNTS, onSignedIn).catch(showProblem);
