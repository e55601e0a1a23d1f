// Autosave. Every change is first kept in this browser (LocalState), then
// sent after a short pause (at once when the deadline is near), and
// forgotten locally only when the server answers `saved` for exactly that
// version. Whatever was not acknowledged is sent again after a reconnect,
// and after a reload.

const DEBOUNCE_MS = 1000;
const URGENT_DEBOUNCE_MS = 150; // under URGENT_MS left
const URGENT_MS = 5000;
const REPLY_TIMEOUT_MS = 12000;
const RETRY_MS = 3000;

export class Saver {
  /**
   * connection: Connection; local: LocalState; remaining(): ms left;
   * onChange(q, entry): the state of question q's saving changed.
   */
  constructor({ connection, local, remaining, onChange }) {
    this.connection = connection;
    this.local = local;
    this.remaining = remaining;
    this.onChange = onChange;
    this.entries = new Map();
    this.closed = false;
  }

  entry(q) {
    if (!this.entries.has(q)) {
      this.entries.set(q, { q, kind: null, value: null, rev: 0, sentRev: 0, ackedRev: 0,
        state: 'idle', savedAt: null, error: '', timer: null, replyTimer: null });
    }
    return this.entries.get(q);
  }

  /** The candidate changed question q: kind 'code' (value: text) or 'choices' (value: indexes). */
  change(q, kind, value, { immediate = false } = {}) {
    if (this.closed) return;
    const entry = this.entry(q);
    entry.kind = kind;
    entry.value = value;
    entry.rev += 1;
    this.local.setPending(q, { kind, value });
    this.setState(entry, 'pending');
    clearTimeout(entry.timer);
    const delay = immediate ? 0 : (this.remaining() < URGENT_MS ? URGENT_DEBOUNCE_MS : DEBOUNCE_MS);
    entry.timer = setTimeout(() => this.flush(q), delay);
  }

  /** Work kept locally from before a reload: send it again. */
  restore(q, pending) {
    const entry = this.entry(q);
    entry.kind = pending.kind;
    entry.value = pending.value;
    entry.rev += 1;
    this.setState(entry, 'pending');
  }

  hasPending(q) {
    const entry = this.entries.get(q);
    return Boolean(entry && entry.kind && entry.ackedRev < entry.rev);
  }

  pendingCount() {
    let count = 0;
    for (const q of this.entries.keys()) if (this.hasPending(q)) count += 1;
    return count;
  }

  flush(q) {
    const entry = this.entries.get(q);
    if (!entry || this.closed) return;
    clearTimeout(entry.timer);
    entry.timer = null;
    if (!this.hasPending(q)) return;
    if (entry.sentRev === entry.rev && entry.state === 'saving') return; // already on its way
    const rev = entry.rev;
    const message = entry.kind === 'code'
      ? { type: 'save_code', question: q, code: entry.value }
      : { type: 'save_answer', question: q, choices: entry.value };
    const id = this.connection.send(message, (reply) => this.replied(entry, rev, reply));
    if (!id) {
      this.setState(entry, 'failed', 'offline');
      return;
    }
    entry.sentRev = rev;
    this.setState(entry, 'saving');
    clearTimeout(entry.replyTimer);
    entry.replyTimer = setTimeout(() => {
      if (entry.state === 'saving' && entry.sentRev === rev) {
        this.setState(entry, 'failed', 'no answer');
        this.retryLater(entry);
      }
    }, REPLY_TIMEOUT_MS);
  }

  replied(entry, rev, reply) {
    clearTimeout(entry.replyTimer);
    if (reply.type === 'saved') {
      entry.ackedRev = Math.max(entry.ackedRev, rev);
      entry.savedAt = reply.at ?? Date.now();
      if (entry.ackedRev >= entry.rev) {
        this.local.clearPending(entry.q);
        this.setState(entry, 'saved');
      } else if (!entry.timer) {
        this.flush(entry.q); // changed meanwhile and not scheduled: send the newer version
      }
      return;
    }
    if (reply.type !== 'error') return;
    entry.sentRev = 0;
    switch (reply.code) {
      case 'too_large':
        this.setState(entry, 'failed', 'too_large');
        return;
      case 'deadline_passed':
      case 'attempt_over':
        this.setState(entry, 'failed', 'over');
        return;
      case 'bad_answer':
      case 'bad_question':
      case 'bad_message':
        this.setState(entry, 'failed', reply.message || reply.code);
        return;
      default: // not_saved, rate_limited, internal, connection_lost
        this.setState(entry, 'failed', reply.code === 'connection_lost' ? 'offline' : 'retry');
        this.retryLater(entry);
    }
  }

  retryLater(entry) {
    if (this.closed) return;
    clearTimeout(entry.timer);
    entry.timer = setTimeout(() => this.flush(entry.q), RETRY_MS);
  }

  /** After a (re)connection: everything not acknowledged goes again. */
  flushAll() {
    for (const q of this.entries.keys()) {
      const entry = this.entries.get(q);
      if (this.hasPending(q)) {
        entry.sentRev = 0;
        if (entry.state === 'saving') entry.state = 'pending';
        this.flush(q);
      }
    }
  }

  /** Resolves once nothing is pending, or after `ms`. */
  async settle(ms = 5000) {
    this.flushAll();
    const until = Date.now() + ms;
    while (this.pendingCount() > 0 && Date.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return this.pendingCount() === 0;
  }

  setState(entry, state, error = '') {
    entry.state = state;
    entry.error = error;
    this.onChange(entry.q, entry);
  }

  close() {
    this.closed = true;
    for (const entry of this.entries.values()) {
      clearTimeout(entry.timer);
      clearTimeout(entry.replyTimer);
    }
  }
}
