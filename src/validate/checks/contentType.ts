import { failed, passed } from '../findings.ts';
import type { Check } from './context.ts';

/** BG-OAS-CONTENT-TYPE: when the status declares content and a body came, its media type is a declared one. */
export const checkContentType: Check = ({ response, label, declared, mediaType, media }) => {
  if (!declared || declared.content.size === 0 || isEmpty(response.body)) return [];
  if (media) return [passed('BG-OAS-CONTENT-TYPE', `${label}: content-type ${mediaType} declared`, 'content-type')];
  const allowed = [...declared.content.keys()];
  return [
    failed('BG-OAS-CONTENT-TYPE', {
      message: `${label}: content-type ${mediaType ?? '(none)'} is not declared (expected one of ${allowed.join(', ')}; actual ${mediaType ?? 'absent'})`,
      where: 'content-type',
      expected: allowed,
      actual: mediaType,
    }),
  ];
};

export function isEmpty(body: unknown): boolean {
  return body === undefined || body === '';
}
