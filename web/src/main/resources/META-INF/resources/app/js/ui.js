// Small DOM helpers shared by the pages: building elements, the problem box, the account picker
// and live polling.

import { Problem } from './api.js';
import { t, time, translatePage } from './i18n.js';

/** el('li', {class: 'card', data: {orderId}, onclick}, child, 'text', ...) */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) {
      continue;
    }
    if (name === 'data') {
      Object.assign(node.dataset, value);
    } else if (name.startsWith('on')) {
      node.addEventListener(name.slice(2), value);
    } else if (name === 'text') {
      node.textContent = value;
    } else {
      node.setAttribute(name, value === true ? '' : value);
    }
  }
  node.append(...children.flat().filter((child) => child !== null && child !== undefined && child !== false));
  return node;
}

/** The page's problem box: what the API refused (title and detail), never swallowed. */
const problemBox = () => document.getElementById('problem');

export function showProblem(failure) {
  const problem = failure instanceof Problem ? failure : new Problem(0, { title: failure.name || 'Error', detail: failure.message });
  const box = problemBox();
  box.dataset.status = String(problem.status);
  box.dataset.code = problem.code || '';
  box.querySelector('.problem-title').textContent = problem.title;
  box.querySelector('.problem-detail').textContent = problem.detail;
  box.hidden = false;
  box.scrollIntoView({ block: 'nearest' });
}

export function clearProblem() {
  problemBox().hidden = true;
}

/**
 * Runs a user's action with its button disabled meanwhile; a refusal goes to the problem box.
 * Answers whether the action went through.
 */
export async function act(button, action) {
  clearProblem();
  if (button) {
    button.disabled = true;
  }
  try {
    await action();
    return true;
  } catch (failure) {
    showProblem(failure);
    return false;
  } finally {
    if (button) {
      button.disabled = false;
    }
  }
}

/**
 * Translates the page, fills the account picker with the role's demo accounts and signs in with
 * the one picked (the last one used in this tab, else the first); calls onSignedIn after each sign-in.
 */
export async function startPage(session, accounts, onSignedIn) {
  translatePage();
  problemBox().querySelector('.problem-dismiss').addEventListener('click', clearProblem);
  const picker = document.getElementById('account');
  const status = document.getElementById('signed-in');
  picker.replaceChildren(...accounts.map((account) => el('option', { value: account, text: account })));
  picker.value = accounts.includes(session.account) ? session.account : accounts[0];
  const signIn = async () => {
    status.textContent = t('signingIn');
    const ok = await act(picker, async () => {
      await session.signIn(picker.value);
      status.textContent = t(session.state.token ? 'signedInAs' : 'signedInNoToken', { account: session.subject });
      document.body.dataset.account = session.subject;
      await onSignedIn(session);
    });
    if (!ok) {
      status.textContent = '';
    }
  };
  picker.addEventListener('change', signIn);
  await signIn();
}

/**
 * Calls refresh now and then every intervalMs while the page's "live" box is ticked; a failed
 * refresh shows its problem and polling goes on. Answers a function that refreshes at once.
 */
export function poll(refresh, intervalMs) {
  const live = document.getElementById('live');
  const updated = document.getElementById('updated-at');
  let timer = null;
  let running = false;
  const once = async () => {
    if (running) {
      return;
    }
    running = true;
    try {
      await refresh();
      if (updated) {
        updated.textContent = t('updatedAt', { time: time(new Date().toISOString()) });
      }
    } catch (failure) {
      showProblem(failure);
    } finally {
      running = false;
    }
  };
  const schedule = () => {
    clearInterval(timer);
    timer = live && !live.checked ? null : setInterval(once, intervalMs);
  };
  if (live) {
    live.addEventListener('change', () => {
      schedule();
      if (live.checked) {
        once();
      }
    });
  }
  schedule();
  once();
  return once;
}

export function shortId(id) {
  return id ? String(id).slice(0, 8) : '';
}

/**
 * Makes a list show these items in this order, building a node only for an item that is new or
 * changed (its signature differs) and leaving the list alone when nothing moved: polling then
 * neither steals focus nor replaces what someone is about to click.
 */
export function syncList(list, items, { key, signature, build, cache }) {
  const seen = new Set();
  const nodes = items.map((item) => {
    const id = key(item);
    const mark = signature(item);
    seen.add(id);
    let entry = cache.get(id);
    if (!entry || entry.mark !== mark) {
      entry = { node: build(item), mark };
      cache.set(id, entry);
    }
    return entry.node;
  });
  for (const id of [...cache.keys()]) {
    if (!seen.has(id)) {
      cache.delete(id);
    }
  }
  const wanted = nodes.length ? nodes : [list.querySelector(':scope > li.empty') || el('li', { class: 'muted empty', text: t('empty') })];
  const same = wanted.length === list.children.length && wanted.every((node, i) => list.children[i] === node);
  if (!same) {
    list.replaceChildren(...wanted);
  }
}
