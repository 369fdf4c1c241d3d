// The `test` every spec imports: Playwright's, plus an automatic fixture that
// records every Content-Security-Policy violation of the test — the
// `securitypolicyviolation` events of every page and frame of the context,
// and the browser's "Refused to ..." console reports (which also cover
// workers) — and fails the test if there was any. So every flow of the app,
// and the embedding pages, run under their policy with nothing refused.
// A test that provokes violations on purpose reads and clears them:
//   test('...', async ({ page, cspViolations }) => { ...; cspViolations.length = 0; })
import { test as base, expect } from '@playwright/test';

export { expect };

export const test = base.extend({
  cspViolations: [
    async ({ context }, use) => {
      const violations = [];
      await context.exposeBinding('__cinerecCspViolation', ({ frame }, v) => {
        violations.push({ page: frame?.url(), ...v });
      });
      await context.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (e) => {
          window.__cinerecCspViolation?.({
            directive: e.effectiveDirective,
            blocked: e.blockedURI,
            source: e.sourceFile ? `${e.sourceFile}:${e.lineNumber}` : '',
            sample: e.sample,
          });
        });
      });
      const onConsole = (msg) => {
        const text = msg.text();
        if (/Content Security Policy|Trusted Type/i.test(text) && /Refused|violat|requires 'TrustedHTML'/i.test(text))
          violations.push({ page: msg.location()?.url, console: text });
      };
      const watch = (page) => {
        page.on('console', onConsole);
        page.on('worker', (w) => w.on?.('console', onConsole));
      };
      context.pages().forEach(watch);
      context.on('page', watch);
      await use(violations);
      expect(violations, 'Content-Security-Policy violations').toEqual([]);
    },
    { auto: true },
  ],
});
