// The proctoring signals the landing page lists (welcome.recorded_signals):
// leaving and returning to the tab or window, pasting (the length only),
// leaving full screen. Nothing else is observed. (The page also reports
// which question is open, listed there too; main.js sends that.)

export function watchSignals(report) {
  let away = document.visibilityState === 'hidden' || !document.hasFocus();
  const lost = () => {
    if (away) return;
    away = true;
    report('focus_lost');
  };
  const gained = () => {
    if (!away || document.visibilityState === 'hidden') return;
    away = false;
    report('focus_gained');
  };
  window.addEventListener('blur', lost);
  window.addEventListener('focus', gained);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') lost();
    else if (document.hasFocus()) gained();
  });
  // Capture phase: seen before the editor handles (and stops) the paste.
  document.addEventListener('paste', (event) => {
    const text = event.clipboardData?.getData('text') ?? '';
    report('paste', { length: text.length });
  }, true);
  let wasFullscreen = Boolean(document.fullscreenElement);
  document.addEventListener('fullscreenchange', () => {
    const now = Boolean(document.fullscreenElement);
    if (wasFullscreen && !now) report('fullscreen_exit');
    wasFullscreen = now;
  });
}

export function fullscreenSupported() {
  return Boolean(document.documentElement.requestFullscreen) && document.fullscreenEnabled !== false;
}
