// Times and durations as people read them.

/** 3725000 -> "1:02:05"; 65000 -> "1:05". Never negative. */
export function clock(ms) {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}

/** 2700000 -> "45 min"; 5400000 -> "1 h 30 min". */
export function minutes(ms) {
  const total = Math.round(ms / 60000);
  if (total < 60) return `${total} min`;
  const rest = total % 60;
  return rest ? `${Math.floor(total / 60)} h ${rest} min` : `${total / 60} h`;
}

/** Unix milliseconds -> the local date and time, or "—". */
export function when(unixMs) {
  if (!unixMs) return '—';
  return new Date(unixMs).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** A score to at most two decimals, or "—" when there is none yet. */
export function score(value) {
  if (value === null || value === undefined) return '—';
  return String(Math.round(value * 100) / 100);
}
