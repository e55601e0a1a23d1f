// Times and durations as people read them.

/** 3725000 -> "1:02:05"; 65000 -> "1:05". Never negative. */
export function clock(ms) {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}

/** A duration in words: "45 minutes", "1 hour 30 minutes", "6 seconds". */
export function durationText(ms) {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const totalMinutes = Math.round(seconds / 60);
  const hours = Math.floor(totalMinutes / 60);
  const minutes = totalMinutes % 60;
  const parts = [];
  if (hours) parts.push(`${hours} hour${hours === 1 ? '' : 's'}`);
  if (minutes || !hours) parts.push(`${minutes} minute${minutes === 1 ? '' : 's'}`);
  return parts.join(' ');
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
