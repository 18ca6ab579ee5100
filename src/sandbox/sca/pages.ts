import { accountKey, bankAccounts, type Account } from '../store/accounts.ts';
import { isBankOffered } from '../store/sca.ts';
import type { FundsConsent, Payment } from '../store/payment-types.ts';
import type { Authorisation, Consent } from '../store/types.ts';

/** Every page is self-contained: the machine running the harness may be offline. */
const STYLE = `
body{font-family:system-ui,sans-serif;background:#f4f6f8;color:#1c2430;margin:0}
main{max-width:28rem;margin:3rem auto;background:#fff;padding:2rem;border-radius:8px;box-shadow:0 1px 4px #0002}
h1{font-size:1.2rem;margin:0 0 1rem;color:#0b4f8a}h2{font-size:1.05rem}
label{display:block;margin:1rem 0 .25rem;font-weight:600}
input{width:100%;box-sizing:border-box;padding:.5rem;font-size:1rem;border:1px solid #8a94a3;border-radius:4px}
button{margin-top:1.25rem;padding:.6rem 1.2rem;font-size:1rem;border:0;border-radius:4px;background:#0b4f8a;color:#fff;cursor:pointer}
button#deny{background:#6b7280;margin-left:.5rem}
.error{background:#fde8e8;color:#8a1111;padding:.6rem;border-radius:4px}
dl{display:grid;grid-template-columns:auto 1fr;gap:.25rem 1rem}dt{font-weight:600}dd{margin:0}`;

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

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

function form(a: Authorisation, action: string, fields: string): string {
  return `<form method="post" action="/sca/${encodeURIComponent(a.authorisationId)}/${action}">
<input type="hidden" name="token" value="${escapeHtml(a.token)}">
${fields}
</form>`;
}

export function loginPage(a: Authorisation, error?: string): string {
  return layout(
    'Log in',
    `<h2>Log in to confirm access</h2>${errorBox(error)}
${form(
  a,
  'login',
  `<label for="username">User ID</label><input id="username" name="username" autocomplete="username" required>
<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<button id="login" type="submit">Log in</button>`,
)}`,
  );
}

export function otpPage(a: Authorisation, error?: string): string {
  return layout(
    'One-time code',
    `<h2>Enter your one-time code</h2><p>We sent a code to your registered device.</p>${errorBox(error)}
${form(
  a,
  'otp',
  `<label for="otp">One-time code</label><input id="otp" name="otp" type="password" inputmode="numeric" autocomplete="one-time-code" required>
<button id="verify" type="submit">Verify</button>`,
)}`,
  );
}

/** A bank-offered consent names no accounts: the PSU ticks the ones to share (all ticked at first). */
function accountChoice(owned: readonly Account[]): string {
  const rows = owned.map((a) => {
    const key = accountKey(a);
    const id = `account-${a.resourceId}`;
    return `<label for="${escapeHtml(id)}"><input type="checkbox" id="${escapeHtml(id)}" name="account" value="${escapeHtml(key)}" checked> ${escapeHtml(`${a.name} (${key})`)}</label>`;
  });
  return `<fieldset id="accounts"><legend>Accounts to share</legend>${rows.join('')}</fieldset>`;
}

function describeAccess(consent: Consent): string {
  const { access } = consent.request;
  const scope = access.allPsd2
    ? 'All your payment accounts: details, balances and transactions'
    : access.availableAccountsWithBalance
      ? 'The list of your payment accounts, with balances'
      : access.availableAccounts
        ? 'The list of your payment accounts'
        : undefined;
  if (scope !== undefined) return `<p id="access">${escapeHtml(scope)}</p>`;
  const name = (key: string) => bankAccounts.find((a) => accountKey(a) === key)?.name ?? 'Account';
  const rows = (['accounts', 'balances', 'transactions'] as const)
    .filter((k) => access[k] !== undefined)
    .map((k) => {
      const refs = access[k] ?? [];
      const what = refs.length === 0 ? 'the accounts you tick below' : refs.map((r) => `${name(r.iban ?? r.maskedPan ?? '')} (${r.iban ?? r.maskedPan ?? ''})`).join(', ');
      return `<dt>${k}</dt><dd>${escapeHtml(what)}</dd>`;
    });
  return `<dl id="access">${rows.join('')}</dl>`;
}

export function confirmPage(a: Authorisation, consent: Consent, owned: readonly Account[], error?: string): string {
  const r = consent.request;
  const choice = isBankOffered(r.access) ? accountChoice(owned) : '';
  return layout(
    'Confirm access',
    `<h2>A provider asks for access to your accounts</h2>${errorBox(error)}
${describeAccess(consent)}
<dl><dt>Valid until</dt><dd id="valid-until">${escapeHtml(r.validUntil)}</dd>
<dt>Recurring</dt><dd>${r.recurringIndicator ? `yes, up to ${r.frequencyPerDay} times a day` : 'no, one access'}</dd></dl>
${form(
  a,
  'decision',
  `${choice}<button id="approve" type="submit" name="decision" value="approve">Approve</button><button id="deny" type="submit" name="decision" value="deny">Deny</button>`,
)}`,
  );
}

/** The payment (or its cancellation) as the PSU confirms it: debtor, each creditor and amount, the dates. */
export function paymentConfirmPage(a: Authorisation, payment: Payment, cancellation: boolean, error?: string): string {
  const { order } = payment;
  const rows = order.transfers.map(
    (t) => `<li>${escapeHtml(`${t.instructedAmount.amount} ${t.instructedAmount.currency} to ${t.creditorName} (${t.creditorIban})`)}</li>`,
  );
  const when = order.periodic
    ? `${order.periodic.frequency} from ${order.periodic.startDate}${order.periodic.endDate ? ` to ${order.periodic.endDate}` : ''}`
    : (order.requestedExecutionDate ?? 'as soon as possible');
  const title = cancellation ? 'Cancel a payment' : 'Confirm a payment';
  return layout(
    title,
    `<h2>${cancellation ? 'A provider asks to cancel this payment' : 'A provider asks you to authorise a payment'}</h2>${errorBox(error)}
<dl id="payment"><dt>From</dt><dd>${escapeHtml(order.debtorIban)}</dd><dt>Product</dt><dd>${escapeHtml(`${order.service} / ${order.product}`)}</dd>
<dt>When</dt><dd>${escapeHtml(when)}</dd></dl>
<ul id="transfers">${rows.join('')}</ul>
${form(a, 'decision', `<button id="approve" type="submit" name="decision" value="approve">Approve</button><button id="deny" type="submit" name="decision" value="deny">Deny</button>`)}`,
  );
}

/** A PIIS consent: which account a provider may ask about, and until when. */
export function fundsConfirmPage(a: Authorisation, consent: FundsConsent, error?: string): string {
  const until = consent.validUntil === '9999-12-31' ? 'until you revoke it' : consent.validUntil;
  return layout(
    'Confirm funds checks',
    `<h2>A provider asks to check whether your account covers its payments</h2>${errorBox(error)}
<dl id="funds"><dt>Account</dt><dd>${escapeHtml(consent.iban)}</dd><dt>Valid</dt><dd>${escapeHtml(until)}</dd></dl>
${form(a, 'decision', `<button id="approve" type="submit" name="decision" value="approve">Approve</button><button id="deny" type="submit" name="decision" value="deny">Deny</button>`)}`,
  );
}

export function finishedPage(a: Authorisation): string {
  const text =
    a.outcome === 'approved'
      ? 'You approved the access. You can return to the provider.'
      : a.outcome === 'locked'
        ? 'Too many failed attempts. The request was rejected.'
        : 'This request was declined or has ended.';
  return layout('Done', `<h2>Done</h2><p id="done" role="status">${escapeHtml(text)}</p>`);
}

export function errorPage(message: string): string {
  return layout('Error', `<h2>Something went wrong</h2><p id="error" class="error" role="alert">${escapeHtml(message)}</p>`);
}
