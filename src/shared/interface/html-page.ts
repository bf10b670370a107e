/** Text made safe to put between HTML tags or in a quoted attribute. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/**
 * A whole page for people, in the app's one look: `body` is HTML the caller has escaped;
 * scripts are served by the app itself (/assets/...), never inline (the Content-Security-Policy
 * allows scripts from 'self' only) and never from a CDN (pages work offline).
 */
export function htmlPage({ title, body, scripts = [] }: { title: string; body: string; scripts?: readonly string[] }): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · process-todo</title>
<style>
  body { font: 15px/1.5 system-ui, sans-serif; margin: 0; color: #1f2933; background: #f7f8fa; }
  header { background: #1f2933; color: #fff; padding: .6rem 1.5rem; }
  header a { color: #fff; text-decoration: none; font-weight: 600; }
  main { max-width: 1100px; margin: 1.5rem auto; padding: 0 1.5rem; }
  .card { background: #fff; border: 1px solid #d9dee5; border-radius: 6px; padding: 1rem 1.25rem; margin-bottom: 1rem; }
  label { display: block; margin: .5rem 0 .2rem; }
  input { font: inherit; padding: .4rem .5rem; width: 100%; max-width: 22rem; box-sizing: border-box; }
  button { font: inherit; margin-top: .8rem; padding: .4rem 1rem; }
  .error { color: #b42318; }
  .legend span { display: inline-block; margin-right: 1rem; }
  .swatch { display: inline-block; width: .8rem; height: .8rem; border-radius: 2px; margin-right: .3rem; vertical-align: middle; }
</style>
</head>
<body>
<header><a href="/docs">process-todo</a></header>
<main>
${body}
</main>
${scripts.map((src) => `<script src="${escapeHtml(src)}"></script>`).join('\n')}
</body>
</html>
`;
}
