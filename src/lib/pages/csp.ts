/**
 * The Content-Security-Policy of every HTML page the site publishes (Astro's pages and the
 * open-data snapshot folders' index pages alike): only this site's own files; Pagefind's
 * search runs WebAssembly ('wasm-unsafe-eval'). No 'unsafe-inline' for scripts.
 */
export const CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "style-src-elem 'self'",
  // Chart legends colour their swatches with style attributes (data-driven colours); attributes cannot run script.
  "style-src-attr 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');
