/** Every page of the bank (SCA, OAuth login, bank app) is self-contained: the machine running the harness may be offline. */
const STYLE = `
body{font-family:system-ui,sans-serif;background:#f4f6f8;color:#1c2430;margin:0}
main{max-width:28rem;margin:3rem auto;background:#fff;padding:2rem;border-radius:8px;box-shadow:0 1px 4px #0002}
h1{font-size:1.2rem;margin:0 0 1rem;color:#0b4f8a}h2{font-size:1.05rem}
label{display:block;margin:1rem 0 .25rem;font-weight:600}
input{width:100%;box-sizing:border-box;padding:.5rem;font-size:1rem;border:1px solid #8a94a3;border-radius:4px}
button{margin-top:1.25rem;padding:.6rem 1.2rem;font-size:1rem;border:0;border-radius:4px;background:#0b4f8a;color:#fff;cursor:pointer}
button#deny,button.secondary{background:#6b7280;margin-left:.5rem}
.error{background:#fde8e8;color:#8a1111;padding:.6rem;border-radius:4px}
dl{display:grid;grid-template-columns:auto 1fr;gap:.25rem 1rem}dt{font-weight:600}dd{margin:0}`;

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** One page of the Sandbox Bank: its look, and the title the harness's messages quote. */
export function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)} · Sandbox Bank</title><style>${STYLE}</style></head>
<body><main><h1>Sandbox Bank</h1>
${body}
</main></body>
</html>`;
}

export const errorBox = (error?: string) => (error === undefined ? '' : `<p id="error" class="error" role="alert">${escapeHtml(error)}</p>`);
