// Operations: every processing group with its state, segments, lag and dead letters, read from
// the replay endpoint (GET /api/admin/projections/{group}/replay) and the actuator's Prometheus
// page; the replay button and its progress.

import { Session } from './api.js';
import { t, time } from './i18n.js';
import { act, el, poll, showProblem, startPage } from './ui.js';

const ACCOUNTS = ['ops'];
// Shown when the metrics cannot be read; otherwise the groups are those the metrics name.
const KNOWN_GROUPS = ['order-status', 'kitchen-queue', 'rider-board', 'notifications', 'notification-dispatch', 'OrderSagaProcessor'];
// Each look scrapes the whole Prometheus page: not more often than this.
const POLL_MS = 2000;

const session = new Session('ops');
const $ = (id) => document.getElementById(id);
const cards = new Map();

/** Prometheus text format: name{label="value",...} number, one sample a line. */
export function parsePrometheus(text) {
  const samples = [];
  for (const line of text.split('\n')) {
    const match = /^([A-Za-z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line);
    if (!match || line.startsWith('#')) {
      continue;
    }
    const labels = {};
    for (const [, name, value] of (match[2] || '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) {
      labels[name] = value.replace(/\\(.)/g, (whole, c) => (c === 'n' ? '\n' : c));
    }
    samples.push({ name: match[1], labels, value: Number(match[3]) });
  }
  return samples;
}

async function metrics() {
  try {
    const samples = parsePrometheus(await session.text('/actuator/prometheus'));
    $('metrics-missing').hidden = true;
    const byGroup = (name, label) => new Map(samples.filter((sample) => sample.name === name)
      .map((sample) => [sample.labels[label], sample.value]));
    return {
      deadLetters: byGroup('baedal_deadletters', 'processing_group'),
      latency: byGroup('eventProcessor_latency', 'processorName'),
    };
  } catch (failure) {
    $('metrics-missing').hidden = false;
    $('metrics-missing').textContent = t('ops.metricsMissing', { reason: `${failure.title} ${failure.detail || ''}`.trim() });
    return null;
  }
}

async function health() {
  try {
    const answer = await session.get('/actuator/health');
    return answer.status;
  } catch (failure) {
    return `${failure.status || ''} ${failure.title}`.trim();
  }
}

async function load() {
  if (!session.state) {
    return;
  }
  const [status, measured] = await Promise.all([health(), metrics()]);
  $('health').textContent = t('ops.health', { status });
  $('health').dataset.status = status;
  const groups = measured && measured.deadLetters.size ? [...measured.deadLetters.keys()].sort() : KNOWN_GROUPS;
  const progress = await Promise.all(groups.map((group) => session.get(replayPath(group))));
  const positions = progress.flatMap((one) => one.segments.map((segment) => segment.position ?? 0));
  const furthest = positions.length ? Math.max(...positions) : 0;
  $('processors').replaceChildren(...groups.map((group, i) => {
    const card = cards.get(group) || cardFor(group);
    update(card, progress[i], measured, furthest);
    return card.node;
  }));
}

const replayPath = (group) => `/api/admin/projections/${encodeURIComponent(group)}/replay`;

function cardFor(group) {
  const field = (label, className) => {
    const value = el('dd', { class: className });
    return { nodes: [el('dt', { text: t(label) }), value], value };
  };
  const state = field('ops.state', 'state');
  const segments = field('ops.segments', 'segments');
  const lag = field('ops.lag', 'lag');
  lag.value.title = t('ops.lagHelp');
  const dead = field('ops.deadLetters', 'dead');
  const bar = el('progress', { max: '1', value: '1' });
  const note = el('p', { class: 'muted replay-note' });
  const button = el('button', { type: 'button', class: 'replay', text: t('ops.replay') });
  const node = el('article', { class: 'panel processor', data: { group } },
    el('h2', { text: group }),
    el('dl', {}, state.nodes, segments.nodes, lag.nodes, dead.nodes),
    bar, note, button);
  const card = { node, state: state.value, segments: segments.value, lag: lag.value, dead: dead.value, bar, note };
  button.addEventListener('click', () => act(button, async () => {
    const started = await session.post(replayPath(group));
    node.dataset.replay = 'started';
    note.textContent = t('ops.replayStarted', { time: time(new Date().toISOString()) });
    update(card, started, null, null);
  }));
  cards.set(group, card);
  return card;
}

function update(card, progress, measured, furthest) {
  const { node } = card;
  const percent = `${Math.floor(progress.progress * 100)}%`;
  node.dataset.running = String(progress.running);
  node.dataset.replaying = String(progress.replaying);
  node.dataset.progress = String(progress.progress);
  card.state.textContent = `${t(progress.running ? 'ops.running' : 'ops.stopped')} · ${
    progress.replaying ? t('ops.replaying', { percent }) : t('ops.upToDate')}`;
  card.bar.value = progress.progress;
  card.segments.textContent = progress.segments.map((segment) => t('ops.segment', {
    segment: segment.segment, position: segment.position ?? '–',
  }) + (progress.replaying && segment.replaying ? ` → ${segment.replayUntil ?? '?'}` : '')).join(', ');
  if (measured) {
    const group = node.dataset.group;
    const lowest = Math.min(...progress.segments.map((segment) => segment.position ?? 0));
    card.lag.textContent = t('ops.lagValue', {
      events: progress.segments.length ? Math.max(0, furthest - lowest) : '–',
      ms: measured.latency.get(group) ?? '–',
    });
    const count = measured.deadLetters.get(group);
    card.dead.textContent = count === undefined ? '–' : String(count);
    card.dead.dataset.count = count === undefined ? '' : String(count);
  }
  // Right after the reset no segment may be claimed yet: finished means claimed and caught up.
  if (node.dataset.replay === 'started' && progress.segments.length > 0 && !progress.replaying) {
    node.dataset.replay = 'done';
    card.note.textContent = t('ops.replayDone', { time: time(new Date().toISOString()) });
  }
}

poll(load, POLL_MS);
startPage(session, ACCOUNTS, () => load()).catch(showProblem);
