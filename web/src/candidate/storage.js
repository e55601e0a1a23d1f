// What the page keeps in this browser, keyed by a digest of the invitation
// token (never the token itself: whoever uses this browser next could read
// the keys): work not yet acknowledged by the server (the latest code or
// choices per question), the question that was open, and which questions
// were seen. Storage may be unavailable (private modes, quotas); the page
// then works without it.

// 64-bit FNV-1a of the token, as hex: enough to tell attempts apart, and
// nothing to learn a high-entropy token from.
function digest(token) {
  let hash = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(token)) {
    hash ^= BigInt(byte);
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return hash.toString(16).padStart(16, '0');
}

function key(token, name) {
  return `proctor:${digest(token)}:${name}`;
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
