/** Test PSU credentials. Read from the environment here and nowhere else, so opts can override them. */
export interface PsuCredentials {
  id: string;
  password: string;
  otp: string;
}

export function resolvePsu(overrides: Partial<PsuCredentials> = {}, env: NodeJS.ProcessEnv = process.env): PsuCredentials {
  return {
    id: overrides.id ?? 'PSU-1001',
    password: overrides.password ?? env['PSD2_SANDBOX_PSU_PASSWORD'] ?? 'Sandbox-Pass-7319',
    otp: overrides.otp ?? env['PSD2_SANDBOX_PSU_OTP'] ?? '583021',
  };
}
