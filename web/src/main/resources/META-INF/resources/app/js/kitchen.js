// Kitchen: one restaurant's tickets in a column per status, polled while "live" is ticked;
// accept, reject with a reason, start and finish cooking.

import { Session } from './api.js';
import { t, time } from './i18n.js';
import { act, el, poll, shortId, showProblem, startPage, syncList } from './ui.js';

const ACCOUNTS = ['mapo-kitchen', 'gangnam-kitchen', 'jongno-kitchen'];
const OPEN = ['AWAITING_ACCEPTANCE', 'ACCEPTED', 'COOKING'];
const DONE = ['READY', 'REJECTED', 'CANCELLED'];
// Finished tickets pile up all day: each of those columns shows the newest few.
const DONE_SHOWN = 8;
const POLL_MS = 1000;
const AFTER_ACTION_MS = 300;

const session = new Session('kitchen');
const $ = (id) => document.getElementById(id);

let catalogue = [];
// status -> its list; each keeps its cards until their ticket changes, so that a reason being
// typed survives the polling.
const columns = new Map();

function buildColumns() {
  $('queue').replaceChildren(...[...OPEN, ...DONE].map((status) => {
    const list = el('ul');
    const count = el('span', { class: 'count' });
    const column = el('section', { class: 'column', data: { status } },
      el('h2', {}, el('span', { text: t(`ticket.${status}`) }), ' ', count), list);
    columns.set(status, { list, count, cache: new Map() });
    return column;
  }));
}

async function restaurantsOf() {
  if (catalogue.length === 0) {
    catalogue = await session.get('/api/restaurants');
  }
  // Without a token (a server that issues none) every restaurant of the catalogue is offered.
  const allowed = session.claims.restaurants;
  return catalogue.filter((restaurant) => !allowed || allowed.includes(restaurant.id));
}

async function onSignedIn() {
  const picker = $('restaurant');
  const previous = picker.value;
  const restaurants = await restaurantsOf();
  picker.replaceChildren(...restaurants.map((restaurant) => el('option', { value: restaurant.id, text: restaurant.name })));
  if (restaurants.some((restaurant) => restaurant.id === previous)) {
    picker.value = previous;
  }
  restart();
}

function restart() {
  buildColumns();
  refresh();
}

async function load() {
  const restaurantId = $('restaurant').value;
  if (!session.state || !restaurantId) {
    return;
  }
  const tickets = await session.get(`/api/restaurants/${encodeURIComponent(restaurantId)}/tickets`);
  if (restaurantId !== $('restaurant').value) {
    return;
  }
  render(tickets);
}

function render(tickets) {
  for (const [status, { list, count, cache }] of columns) {
    const open = OPEN.includes(status);
    // Open tickets oldest first (first come, first cooked); finished ones newest first.
    const here = tickets.filter((ticket) => ticket.status === status)
      .sort((a, b) => (open ? 1 : -1) * String(a.createdAt).localeCompare(String(b.createdAt)));
    count.textContent = `(${here.length})`;
    syncList(list, open ? here : here.slice(0, DONE_SHOWN), {
      key: (ticket) => ticket.ticketId,
      signature: (ticket) => `${ticket.status}|${ticket.updatedAt}`,
      build: ticketCard,
      cache,
    });
  }
}

function ticketCard(ticket) {
  const path = (action) => `/api/tickets/${encodeURIComponent(ticket.ticketId)}/${action}`;
  const command = (label, action, body, className) => el('button', {
    type: 'button',
    class: className || action,
    text: t(label),
    onclick: (event) => act(event.currentTarget, () => session.post(path(action), body && body())).then(refreshSoon),
  });
  let actions = [];
  if (ticket.status === 'AWAITING_ACCEPTANCE') {
    const reason = el('input', { class: 'reject-reason', placeholder: t('kitchen.rejectReason'), 'aria-label': t('kitchen.rejectReason') });
    actions = [
      command('kitchen.accept', 'accept', null, 'accept primary'),
      reason,
      command('kitchen.reject', 'reject', () => ({ reason: reason.value }), 'reject danger'),
    ];
  } else if (ticket.status === 'ACCEPTED') {
    actions = [command('kitchen.startCooking', 'start-cooking', null, 'start-cooking primary')];
  } else if (ticket.status === 'COOKING') {
    actions = [command('kitchen.finishCooking', 'finish-cooking', null, 'finish-cooking primary')];
  }
  return el('li', { class: 'card ticket', data: { ticketId: ticket.ticketId, orderId: ticket.orderId, status: ticket.status } },
    el('header', {},
      el('strong', { title: ticket.orderId, text: t('kitchen.order', { order: shortId(ticket.orderId) }) }),
      el('time', { datetime: ticket.createdAt, text: time(ticket.createdAt) })),
    el('ul', {}, (ticket.lines || []).map((line) => el('li', { text: `${line.quantity} × ${line.name}` }))),
    ticket.reason ? el('p', { class: 'reason', text: ticket.reason }) : null,
    actions.length ? el('div', { class: 'actions' }, actions) : null);
}

buildColumns();
const refresh = poll(load, POLL_MS);
// After an action: at once, and again when the view has most likely caught up with it.
const refreshSoon = () => {
  refresh();
  setTimeout(refresh, AFTER_ACTION_MS);
};
$('restaurant').addEventListener('change', restart);
startPage(session, ACCOUNTS, onSignedIn).catch(showProblem);
