import { errorBox, escapeHtml, layout } from '../html/layout.ts';

/** The bank's OAuth login pages: the same look and element ids as its redirect SCA pages, so one script drives both. */
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
