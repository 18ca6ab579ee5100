import { escapeHtml } from '../sca/pages.ts';

/** The bank's OAuth login pages: the same look and element ids as its redirect SCA pages, so one script drives both. */
const STYLE = `
body{font-family:system-ui,sans-serif;background:#f4f6f8;color:#1c2430;margin:0}
main{max-width:28rem;margin:3rem auto;background:#fff;padding:2rem;border-radius:8px;box-shadow:0 1px 4px #0002}
h1{font-size:1.2rem;margin:0 0 1rem;color:#0b4f8a}h2{font-size:1.05rem}
label{display:block;margin:1rem 0 .25rem;font-weight:600}
input{width:100%;box-sizing:border-box;padding:.5rem;font-size:1rem;border:1px solid #8a94a3;border-radius:4px}
button{margin-top:1.25rem;padding:.6rem 1.2rem;font-size:1rem;border:0;border-radius:4px;background:#0b4f8a;color:#fff;cursor:pointer}
button.secondary{background:#6b7280;margin-left:.5rem}
.error{background:#fde8e8;color:#8a1111;padding:.6rem;border-radius:4px}`;

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)} · Sandbox Bank</title><style>${STYLE}</style></head>
<body><main><h1>Sandbox Bank</h1>
${body}
</main></body>
</html>`;
}

const errorBox = (error?: string) => (error === undefined ? '' : `<p id="error" class="error" role="alert">${escapeHtml(error)}</p>`);

const form = (uid: string, action: string, fields: string) =>
  `<form method="post" action="/oauth/interaction/${encodeURIComponent(uid)}/${action}">\n${fields}\n</form>`;

export function oauthLoginPage(uid: string, clientId: string, error?: string): string {
  return layout(
    'Log in',
    `<h2>Log in to connect ${escapeHtml(clientId)}</h2>${errorBox(error)}
${form(
  uid,
  'login',
  `<label for="username">User ID</label><input id="username" name="username" autocomplete="username">
<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password">
<button id="login" type="submit" name="action" value="login">Log in</button><button id="cancel" class="secondary" type="submit" name="action" value="cancel">Cancel</button>`,
)}`,
  );
}

export function oauthOtpPage(uid: string, error?: string): string {
  return layout(
    'One-time code',
    `<h2>Enter your one-time code</h2><p>We sent a code to your registered device.</p>${errorBox(error)}
${form(
  uid,
  'otp',
  `<label for="otp">One-time code</label><input id="otp" name="otp" type="password" inputmode="numeric" autocomplete="one-time-code">
<button id="verify" type="submit">Verify</button>`,
)}`,
  );
}

export function oauthConfirmPage(uid: string, what: string, error?: string): string {
  return layout(
    'Confirm access',
    `<h2>A provider asks for access</h2>${errorBox(error)}<p id="access">${escapeHtml(what)}</p>
${form(
  uid,
  'decision',
  `<button id="approve" type="submit" name="decision" value="approve">Approve</button><button id="deny" class="secondary" type="submit" name="decision" value="deny">Deny</button>`,
)}`,
  );
}

export function oauthErrorPage(message: string): string {
  return layout('Error', `<h2>Something went wrong</h2><p id="error" class="error" role="alert">${escapeHtml(message)}</p>`);
}
