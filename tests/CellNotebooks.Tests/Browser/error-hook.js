// Installed before any script of a page runs (CDP Page.addScriptToEvaluateOnNewDocument): collects uncaught errors,
// failed resource loads (a script or image that cannot load offline), unhandled promise rejections (Plotly.newPlot
// returns a promise) and console.error calls into window.__cellnbErrors, which the test reads after the page settled.
(() => {
  if (window.__cellnbErrors) return;
  const errors = (window.__cellnbErrors = []);
  window.addEventListener('error', (e) => {
    if (e instanceof ErrorEvent) {
      errors.push(`uncaught error: ${e.message}${e.filename ? ` (${e.filename.split('/').pop()}:${e.lineno})` : ''}`);
    } else if (e.target && e.target !== window) {
      const t = e.target;
      errors.push(`failed to load <${(t.tagName || '?').toLowerCase()}> ${(t.src || t.href || '').slice(0, 120)}`);
    }
  }, true);
  window.addEventListener('unhandledrejection', (e) => {
    const r = e.reason;
    errors.push(`unhandled promise rejection: ${(r && (r.message || r.stack)) || r}`);
  });
  const original = console.error;
  console.error = function (...args) {
    errors.push(`console.error: ${args.map((a) => (a && a.message) || String(a)).join(' ')}`);
    return original.apply(this, args);
  };
})();
