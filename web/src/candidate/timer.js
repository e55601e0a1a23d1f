// The countdown. The server owns time: the offset between its clock and
// this browser's is taken from every message carrying `server_time`, and
// the remaining time is always deadline_at - (now + offset).

const WARNING_MINUTES = [10, 5, 1];

export class Countdown {
  /** onTick(remainingMs), onWarning(minutesLeft), onZero() */
  constructor({ onTick, onWarning, onZero }) {
    this.offset = 0;
    this.deadline = null;
    this.onTick = onTick;
    this.onWarning = onWarning;
    this.onZero = onZero;
    this.warned = new Set();
    this.zeroed = false;
    this.interval = null;
  }

  /** A server clock reading, received now. */
  sync(serverTime, roundTripMs = 0) {
    if (typeof serverTime !== 'number') return;
    this.offset = serverTime + roundTripMs / 2 - Date.now();
  }

  /** From a `time` message: the server's own count is the most direct. */
  syncRemaining(remainingMs, serverTime) {
    if (typeof serverTime === 'number') this.sync(serverTime);
    if (typeof remainingMs === 'number' && this.deadline !== null && typeof serverTime !== 'number') {
      this.offset = this.deadline - remainingMs - Date.now();
    }
  }

  now() {
    return Date.now() + this.offset;
  }

  remaining() {
    return this.deadline === null ? Infinity : Math.max(0, this.deadline - this.now());
  }

  setDeadline(deadlineAt) {
    const first = this.deadline === null;
    this.deadline = deadlineAt;
    if (first) {
      // Of the marks already behind us (a reload, or a test shorter than
      // ten minutes), only the tightest is announced: "1 minute left" for a
      // six-second test, not nothing and not all three.
      const left = this.remaining();
      const tightest = Math.min(...WARNING_MINUTES.filter((minutes) => left <= minutes * 60000));
      for (const minutes of WARNING_MINUTES) if (minutes > tightest) this.warned.add(minutes);
    }
    if (!this.interval) this.interval = setInterval(() => this.tick(), 250);
    this.tick();
  }

  /** A `warning` from the server, or the local count crossing a mark. */
  warn(minutes) {
    if (this.warned.has(minutes)) return;
    for (const mark of WARNING_MINUTES) if (mark >= minutes) this.warned.add(mark);
    this.onWarning(minutes);
  }

  tick() {
    const left = this.remaining();
    this.onTick(left);
    for (const minutes of WARNING_MINUTES) {
      if (left <= minutes * 60000 && left > 0 && !this.warned.has(minutes)) {
        this.warn(minutes);
        break;
      }
    }
    if (left <= 0 && !this.zeroed) {
      this.zeroed = true;
      this.onZero();
    }
  }

  stop() {
    clearInterval(this.interval);
    this.interval = null;
  }
}
