import { createRequire } from 'node:module';

/** The sign-in page's script: credentials -> access token -> page session -> the refresh token ended (a page needs none). */
const SIGN_IN_JS = `
const form = document.getElementById('sign-in');
const problem = document.getElementById('problem');
form.addEventListener('submit', async (event) => {
  event.preventDefault();
  problem.textContent = '';
  const json = { 'content-type': 'application/json' };
  const login = await fetch('/auth/login', { method: 'POST', headers: json,
    body: JSON.stringify({ email: form.email.value, password: form.password.value }) });
  if (!login.ok) { problem.textContent = (await login.json()).detail || 'Sign-in failed.'; return; }
  const { accessToken, refreshToken } = await login.json();
  const session = await fetch('/auth/page-session', { method: 'POST', headers: { authorization: 'Bearer ' + accessToken } });
  await fetch('/auth/logout', { method: 'POST', headers: json, body: JSON.stringify({ refreshToken }) });
  if (!session.ok) { problem.textContent = (await session.json()).detail || 'Sign-in failed.'; return; }
  const next = new URLSearchParams(location.search).get('next');
  location.assign(next && next.startsWith('/') && !next.startsWith('//') ? next : '/docs');
});
`;

/** Renders every `.mermaid` element of the page (the case view's Gantt chart), then marks the page rendered. */
const MERMAID_INIT_JS = `
mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', theme: 'default', gantt: { useWidth: 1100 } });
mermaid.run({ querySelector: '.mermaid' }).then(
  () => document.body.setAttribute('data-rendered', 'true'),
  (error) => { document.body.setAttribute('data-rendered', 'failed'); console.error(error); },
);
`;

export interface PageAsset {
  readonly contentType: string;
  /** The text itself, or the file that holds it. */
  readonly text?: string;
  readonly file?: string;
}

const require = createRequire(import.meta.url);

/** What /assets/:name serves, and nothing else: the pages' own scripts and mermaid from npm (no CDN). */
export const PAGE_ASSETS: ReadonlyMap<string, PageAsset> = new Map([
  ['sign-in.js', { contentType: 'text/javascript; charset=utf-8', text: SIGN_IN_JS }],
  ['mermaid-init.js', { contentType: 'text/javascript; charset=utf-8', text: MERMAID_INIT_JS }],
  ['mermaid.min.js', { contentType: 'text/javascript; charset=utf-8', file: require.resolve('mermaid/dist/mermaid.min.js') }],
]);
