import type { Psd2Role } from '../../eidas/qc-statements.ts';

/** The PSD2 role a TPP needs for a path under /v1 (ETSI TS 119 495 roles, PSD2 Art. 66/67/65). */
export function roleForPath(path: string): Psd2Role | undefined {
  const rest = path.replace(/^\/v1\//, '');
  if (/^consents\/confirmation-of-funds/.test(rest) || /^funds-confirmations/.test(rest)) return 'PSP_IC';
  if (/^(consents|accounts|card-accounts)(\/|$)/.test(rest)) return 'PSP_AI';
  if (/^(payments|bulk-payments|periodic-payments|signing-baskets)(\/|$)/.test(rest)) return 'PSP_PI';
  return undefined;
}

export const SERVICE_NAME: Readonly<Record<Psd2Role, string>> = {
  PSP_AS: 'account servicing',
  PSP_AI: 'account information (AIS)',
  PSP_PI: 'payment initiation (PIS)',
  PSP_IC: 'card-based payment instrument issuing (PIIS)',
};
