// The REST API as the pages use it: sign-in with a demo account, its token on every call, and
// every refusal turned into a Problem that carries the answer's title and detail.

const TOKEN_PATH = '/oauth2/token';
const DEMO_SECRET = 'demo';
// Sign in again this long before the token runs out, so that no call goes with a stale one.
const EXPIRY_MARGIN_MS = 30_000;

/** A refused or failed call: the RFC 9457 problem the API answered with, or what stood for one. */
export class Problem extends Error {
  constructor(status, body) {
    const title = (body && body.title) || `HTTP ${status}`;
    const detail = (body && body.detail) || '';
    super(detail ? `${title}: ${detail}` : title);
    this.status = status;
    this.title = title;
    this.detail = detail;
    this.code = (body && body.code) || null;
  }
}

async function problemOf(response) {
  let body = null;
  try {
    body = await response.json();
  } catch (notJson) {
    body = { title: `${response.status} ${response.statusText}`.trim(), detail: response.url };
  }
  return new Problem(response.status, body);
}

async function send(path, init) {
  try {
    return await fetch(path, init);
  } catch (failure) {
    if (failure.name === 'AbortError') {
      throw failure;
    }
    throw new Problem(0, { title: 'Network error', detail: `${path}: ${failure.message}` });
  }
}

/** The claims of a JWT: its middle part, base64url-encoded JSON. */
export function claimsOf(token) {
  const part = token.split('.')[1] || '';
  const base64 = part.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(part.length / 4) * 4, '=');
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes));
}

/**
 * The answer of the token endpoint as a signed-in state. An app that issues no tokens yet answers
 * 404 there: then the page goes on without a token, acting as the chosen account.
 */
async function signedIn(response, account) {
  if (response.status === 404) {
    return { account, token: null, claims: { sub: account }, expiresAt: null };
  }
  if (!response.ok) {
    throw await problemOf(response);
  }
  const body = await response.json();
  return {
    account,
    token: body.access_token,
    claims: claimsOf(body.access_token),
    expiresAt: Date.now() + Number(body.expires_in || 0) * 1000,
  };
}

/**
 * One page's sign-in, kept in sessionStorage under the page's role so that a reload keeps it, and
 * the API calls made as that account.
 */
export class Session {
  constructor(role) {
    this.key = `baedal.session.${role}`;
    try {
      this.state = JSON.parse(sessionStorage.getItem(this.key) || 'null');
    } catch (unreadable) {
      this.state = null;
    }
  }

  get account() {
    return this.state ? this.state.account : null;
  }

  /** The token's claims (sub, roles, restaurants, zones); only sub while the app issues no tokens. */
  get claims() {
    return this.state ? this.state.claims : {};
  }

  get subject() {
    return this.claims.sub || this.account;
  }

  async signIn(account) {
    const response = await send(TOKEN_PATH, {
      method: 'POST',
      headers: {
        Authorization: `Basic ${btoa(`${account}:${DEMO_SECRET}`)}`,
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: 'grant_type=client_credentials',
    });
    this.state = await signedIn(response, account);
    sessionStorage.setItem(this.key, JSON.stringify(this.state));
    return this;
  }

  async authorization() {
    const state = this.state;
    if (state && state.token && state.expiresAt - EXPIRY_MARGIN_MS < Date.now()) {
      await this.signIn(state.account);
    }
    return this.state && this.state.token ? { Authorization: `Bearer ${this.state.token}` } : {};
  }

  /** fetch() with the token; a 401 (token expired or revoked meanwhile) signs in once more and retries. */
  async fetch(path, init = {}) {
    const call = async () => send(path, { ...init, headers: { ...(init.headers || {}), ...(await this.authorization()) } });
    let response = await call();
    if (response.status === 401 && this.state && this.state.token) {
      await this.signIn(this.state.account);
      response = await call();
    }
    return response;
  }

  /** GET a JSON document; a refusal throws its Problem. */
  async get(path) {
    const response = await this.fetch(path, { headers: { Accept: 'application/json' } });
    if (!response.ok) {
      throw await problemOf(response);
    }
    return response.json();
  }

  /** GET a text document (the actuator's Prometheus page). */
  async text(path) {
    const response = await this.fetch(path, { headers: { Accept: 'text/plain' } });
    if (!response.ok) {
      throw await problemOf(response);
    }
    return response.text();
  }

  /** POST a JSON body (or none); answers the JSON the API sent back, if any. */
  async post(path, body) {
    const init = { method: 'POST', headers: { Accept: 'application/json, application/problem+json' } };
    if (body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    const response = await this.fetch(path, init);
    if (!response.ok) {
      throw await problemOf(response);
    }
    const text = await response.text();
    return text ? JSON.parse(text) : null;
  }

  /**
   * Follows a text/event-stream with fetch() (EventSource cannot send the token): calls onData
   * with the parsed JSON of each event's data, and resolves when the server ends the stream.
   */
  async follow(path, onData, signal) {
    const response = await this.fetch(path, { headers: { Accept: 'text/event-stream' }, signal });
    if (!response.ok) {
      throw await problemOf(response);
    }
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffered = '';
    let data = [];
    for (;;) {
      const { value, done } = await reader.read();
      if (done) {
        return;
      }
      buffered += decoder.decode(value, { stream: true });
      let end;
      while ((end = buffered.search(/\r?\n/)) >= 0) {
        const line = buffered.slice(0, end);
        buffered = buffered.slice(buffered[end] === '\r' ? end + 2 : end + 1);
        if (line === '') {
          if (data.length > 0) {
            onData(JSON.parse(data.join('\n')));
          }
          data = [];
        } else if (line.startsWith('data:')) {
          data.push(line.slice(line.startsWith('data: ') ? 6 : 5));
        }
      }
    }
  }
}
