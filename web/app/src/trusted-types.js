// The app's Trusted Types policy (index.html's Content-Security-Policy has
// `require-trusted-types-for 'script'; trusted-types default`): no HTML or
// script is ever made from a string (nothing in the app parses HTML), and
// script URLs — the library's worker, the service worker — must be of this
// origin. Imported first by main.js, before anything can reach a sink.
if (globalThis.trustedTypes?.createPolicy && !globalThis.trustedTypes.defaultPolicy) {
  globalThis.trustedTypes.createPolicy('default', {
    createScriptURL(url) {
      if (new URL(url, document.baseURI).origin === location.origin) return url;
      throw new TypeError(`cinerec loads scripts from its own origin only, not ${url}`);
    },
  });
}
