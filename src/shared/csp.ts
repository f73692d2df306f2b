/**
 * The renderer's Content-Security-Policy. The Electron app loads the panel from file://, where no HTTP header
 * can carry a CSP, so the production build puts it in a <meta> tag (electron.vite.config.ts); the headless
 * server sends its own header as well (both apply). No inline or remote script, no plugins, no forms, no <base>.
 */
export const RENDERER_CSP = ["default-src 'self'", "script-src 'self'", "style-src 'self' 'unsafe-inline'", "img-src 'self' data: blob:", "font-src 'self' data:", "connect-src 'self' ws: wss:", "object-src 'none'", "base-uri 'none'", "form-action 'none'"].join('; ');

/** Inserts the CSP <meta> as the first element of <head>. */
export function withCspMeta(html: string, csp: string = RENDERER_CSP): string {
  return html.replace(/<head>/i, `<head>\n    <meta http-equiv="Content-Security-Policy" content="${csp}" />`);
}
