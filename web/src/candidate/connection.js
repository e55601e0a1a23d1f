// The one WebSocket of an attempt (docs/protocol.md): signs in with
// `hello` on every (re)connection, numbers requests so that replies can be
// matched through `in_reply_to`, notices a dead link (no pong in time, the
// browser going offline) and reconnects with a growing delay.

const PING_EVERY_MS = 5000;
const PONG_TIMEOUT_MS = 6000;
const BACKOFF_MS = [500, 1000, 2000, 4000, 8000, 10000];

export class Connection {
  /**
   * handlers: onWelcome(message, first), onMessage(message), onStatus('connecting'|'online'|'offline'),
   * onFatal(code, message) (invalid_token and friends, replaced: stops reconnecting).
   */
  constructor(token, handlers) {
    this.token = token;
    this.handlers = handlers;
    this.socket = null;
    this.ready = false; // signed in: welcome received
    this.stopped = false;
    this.nextId = 1;
    this.attempts = 0;
    this.signedInOnce = false;
    this.lastHeard = 0;
    this.pingTimer = null;
    this.retryTimer = null;
    this.waiting = new Map(); // id -> callback(reply)
    window.addEventListener('offline', () => this.drop('the browser is offline'));
    window.addEventListener('online', () => { if (!this.socket) this.connectNow(); });
  }

  url() {
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    return `${scheme}//${location.host}/ws/attempt`;
  }

  connectNow() {
    clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.open();
  }

  open() {
    if (this.stopped || this.socket) return;
    this.handlers.onStatus?.(this.signedInOnce ? 'reconnecting' : 'connecting');
    let socket;
    try {
      socket = new WebSocket(this.url());
    } catch {
      this.scheduleRetry();
      return;
    }
    this.socket = socket;
    socket.addEventListener('open', () => {
      if (this.socket !== socket) return;
      this.lastHeard = Date.now();
      socket.send(JSON.stringify({ type: 'hello', token: this.token }));
      this.startPinging();
    });
    socket.addEventListener('message', (event) => {
      if (this.socket !== socket) return;
      this.lastHeard = Date.now();
      let message;
      try { message = JSON.parse(event.data); } catch { return; }
      if (!message || typeof message.type !== 'string') return;
      this.receive(message);
    });
    const lost = () => {
      if (this.socket !== socket) return;
      this.drop('the connection closed');
    };
    socket.addEventListener('close', lost);
    socket.addEventListener('error', lost);
  }

  receive(message) {
    if (message.type === 'welcome' && !this.ready) {
      this.ready = true;
      this.attempts = 0;
      const first = !this.signedInOnce;
      this.signedInOnce = true;
      this.handlers.onStatus?.('online');
      this.handlers.onWelcome(message, first);
      return;
    }
    if (message.type === 'replaced') {
      this.stop();
      this.handlers.onFatal?.('replaced', 'This assessment was opened in another window.');
      return;
    }
    if (message.type === 'error' && !this.ready &&
        ['invalid_token', 'revoked', 'expired'].includes(message.code)) {
      this.stop();
      this.handlers.onFatal?.(message.code, message.message);
      return;
    }
    if (message.in_reply_to !== undefined && this.waiting.has(message.in_reply_to)) {
      const callback = this.waiting.get(message.in_reply_to);
      this.waiting.delete(message.in_reply_to);
      callback(message);
    }
    this.handlers.onMessage(message);
  }

  /** Sends `message` when signed in; returns its id, or 0 when it could not be sent. */
  send(message, onReply) {
    if (!this.ready || !this.socket || this.socket.readyState !== WebSocket.OPEN) return 0;
    const id = this.nextId++;
    if (onReply) this.waiting.set(id, onReply);
    try {
      this.socket.send(JSON.stringify({ ...message, id }));
    } catch {
      this.waiting.delete(id);
      return 0;
    }
    return id;
  }

  get online() { return this.ready; }

  startPinging() {
    clearInterval(this.pingTimer);
    this.pingTimer = setInterval(() => {
      const socket = this.socket;
      if (!socket || socket.readyState !== WebSocket.OPEN) return;
      if (Date.now() - this.lastHeard > PING_EVERY_MS + PONG_TIMEOUT_MS) {
        this.drop('no answer from the server');
        return;
      }
      try { socket.send(JSON.stringify({ type: 'ping' })); } catch { /* dropped below */ }
    }, PING_EVERY_MS);
  }

  /** Forgets the current socket (and what waits for its replies) and tries again later. */
  drop(reason) {
    const socket = this.socket;
    if (!socket && this.retryTimer) return;
    this.socket = null;
    this.ready = false;
    clearInterval(this.pingTimer);
    for (const callback of this.waiting.values()) callback({ type: 'error', code: 'connection_lost', message: reason });
    this.waiting.clear();
    if (socket) {
      try { socket.close(); } catch { /* already closing */ }
    }
    if (this.stopped) return;
    this.handlers.onStatus?.('offline');
    this.scheduleRetry();
  }

  scheduleRetry() {
    if (this.stopped || this.retryTimer) return;
    const base = BACKOFF_MS[Math.min(this.attempts, BACKOFF_MS.length - 1)];
    this.attempts += 1;
    const delay = base * (0.8 + Math.random() * 0.4);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (navigator.onLine === false) { this.scheduleRetry(); return; }
      this.open();
    }, delay);
  }

  /** Stops for good (replaced, a fatal error, or the attempt is over and shown). */
  stop() {
    this.stopped = true;
    this.ready = false;
    clearInterval(this.pingTimer);
    clearTimeout(this.retryTimer);
    const socket = this.socket;
    this.socket = null;
    if (socket) {
      try { socket.close(); } catch { /* already closing */ }
    }
  }
}
