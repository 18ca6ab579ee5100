import { failed, passed } from '../findings.ts';
import type { Check } from './context.ts';

/** BG-OAS-STATUS: the status is declared for the operation (a `default` or `4XX` response counts). */
export const checkStatus: Check = ({ op, response, label, declared }) => {
  if (declared) return [passed('BG-OAS-STATUS', `${label}: status declared`, 'status')];
  return [
    failed('BG-OAS-STATUS', {
      message: `${label}: status ${response.status} is not declared for ${op.info.operationId} (expected one of ${op.info.statuses.join(', ')}; actual ${response.status})`,
      where: 'status',
      expected: op.info.statuses,
      actual: response.status,
    }),
  ];
};
