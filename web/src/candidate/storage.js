// What the page keeps in this browser, keyed by the invitation token:
// work not yet acknowledged by the server (the latest code or choices per
// question), the question that was open, and which questions were seen.
// Storage may be unavailable (private modes, quotas); the page then works
// without it.

function key(token, name) {
  return `proctor:${token}:${name}`;
}

function read(name) {
  try {
    const text = localStorage.getItem(name);
    return text === null ? null : JSON.parse(text);
  } catch {
    return null;
  }
}

function write(name, value) {
  try {
    if (value === null || value === undefined) localStorage.removeItem(name);
    else localStorage.setItem(name, JSON.stringify(value));
  } catch { /* storage full or unavailable: the in-memory copy remains */ }
}

export class LocalState {
  constructor(token) {
    this.token = token;
  }

  /** {code} or {choices} not yet acknowledged for question `q`, or null. */
  pending(q) {
    return read(key(this.token, `pending:${q}`));
  }

  setPending(q, value) {
    write(key(this.token, `pending:${q}`), value);
  }

  clearPending(q) {
    write(key(this.token, `pending:${q}`), null);
  }

  get currentQuestion() {
    const value = read(key(this.token, 'current'));
    return Number.isInteger(value) ? value : 0;
  }

  set currentQuestion(q) {
    write(key(this.token, 'current'), q);
  }

  get seen() {
    const value = read(key(this.token, 'seen'));
    return new Set(Array.isArray(value) ? value : []);
  }

  markSeen(q) {
    const seen = this.seen;
    if (seen.has(q)) return;
    seen.add(q);
    write(key(this.token, 'seen'), [...seen]);
  }

  /** Forgets everything about this attempt (once it is over and shown). */
  clearAll(questionCount) {
    for (let q = 0; q < questionCount; q += 1) this.clearPending(q);
    write(key(this.token, 'current'), null);
    write(key(this.token, 'seen'), null);
  }
}
