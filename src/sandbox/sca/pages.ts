import { errorBox, escapeHtml, layout } from '../html/layout.ts';
import { accountKey, bankAccounts, type Account } from '../store/accounts.ts';
import { isBankOffered } from '../store/sca.ts';
import type { FundsConsent, Payment } from '../store/payment-types.ts';
import type { Authorisation, Consent } from '../store/types.ts';





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

/** A bank-offered consent names no accounts: the PSU ticks the ones to share (all ticked at first, unless the bank is widget-style). */
function accountChoice(owned: readonly Account[], ticked: boolean): string {
  const rows = owned.map((a) => {
    const key = accountKey(a);
    const id = `account-${a.resourceId}`;
    return `<label for="${escapeHtml(id)}"><input type="checkbox" id="${escapeHtml(id)}" name="account" value="${escapeHtml(key)}"${ticked ? ' checked' : ''}> ${escapeHtml(`${a.name} (${key})`)}</label>`;
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

export function confirmPage(a: Authorisation, consent: Consent, owned: readonly Account[], ticked: boolean, error?: string): string {
  const r = consent.request;
  const choice = isBankOffered(r.access) ? accountChoice(owned, ticked) : '';
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

export function finishedPage(a: Pick<Authorisation, 'outcome'>): string {
  const text =
    a.outcome === 'approved'
      ? 'You approved the access. You can return to the provider.'
      : a.outcome === 'locked'
        ? 'Too many failed attempts. The request was rejected.'
        : a.outcome === 'expired'
          ? 'Your session timed out. The request was rejected.'
          : 'This request was declined or has ended.';
  return layout('Done', `<h2>Done</h2><p id="done" role="status">${escapeHtml(text)}</p>`);
}

export function errorPage(message: string): string {
  return layout('Error', `<h2>Something went wrong</h2><p id="error" class="error" role="alert">${escapeHtml(message)}</p>`);
}
