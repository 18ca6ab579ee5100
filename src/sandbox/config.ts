/** Test PSU credentials. Read from the environment here and nowhere else, so opts can override them. */
export interface PsuCredentials {
  id: string;
  password: string;
  otp: string;
}

/** The main test PSU (PSU-1001); `overrides` replace its credentials. */
export function resolvePsu(overrides: Partial<PsuCredentials> = {}, env: NodeJS.ProcessEnv = process.env): PsuCredentials {
  return {
    id: overrides.id ?? 'PSU-1001',
    password: overrides.password ?? env['PSD2_SANDBOX_PSU_PASSWORD'] ?? 'Sandbox-Pass-7319',
    otp: overrides.otp ?? env['PSD2_SANDBOX_PSU_OTP'] ?? '583021',
  };
}

/** Every test PSU, the main one first; the others own accounts the main PSU must never see. */
export function resolvePsus(overrides: Partial<PsuCredentials> = {}, env: NodeJS.ProcessEnv = process.env): PsuCredentials[] {
  return [
    resolvePsu(overrides, env),
    { id: 'PSU-1002', password: env['PSD2_SANDBOX_PSU2_PASSWORD'] ?? 'Sandbox-Pass-2468', otp: env['PSD2_SANDBOX_PSU2_OTP'] ?? '620417' },
    { id: 'PSU-1003', password: env['PSD2_SANDBOX_PSU3_PASSWORD'] ?? 'Sandbox-Pass-1357', otp: env['PSD2_SANDBOX_PSU3_OTP'] ?? '771903' },
  ];
}
