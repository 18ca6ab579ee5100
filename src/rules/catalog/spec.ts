import type { Rule } from '../types.ts';

/** Requirements of the form of every answer: the spec, its headers and error codes. */
export const specRules = [
  {
    id: 'BG-OAS-STATUS',
    title: 'The response status code is one the operation declares',
    sources: [{ doc: 'OAS', ref: 'paths.*.*.responses' }],
  },
  {
    id: 'BG-OAS-HEADERS',
    title: 'Response headers the operation declares as required are present and well-formed (e.g. X-Request-ID, Location on 201, ASPSP-SCA-Approach)',
    sources: [{ doc: 'OAS', ref: 'components.headers' }],
  },
  {
    id: 'BG-OAS-CONTENT-TYPE',
    title: 'The response content type is one the operation declares for that status',
    sources: [{ doc: 'OAS', ref: 'paths.*.*.responses.*.content' }],
  },
  {
    id: 'BG-OAS-BODY',
    title: 'The response body conforms to the schema the operation declares',
    sources: [{ doc: 'OAS', ref: 'components.schemas' }],
  },
  {
    id: 'BG-ERR-CODE',
    title: 'Error message codes are ones Berlin Group defines for the HTTP status and service',
    sources: [
      { doc: 'IG', ref: 'HTTP return codes and additional error information (tppMessages)' },
      { doc: 'OAS', ref: '1.3.8 MessageCode<status>_<service> enums' },
    ],
  },
  {
    id: 'HDR-XREQID-REQUIRED',
    title: 'A request without X-Request-ID is rejected with 400 FORMAT_ERROR',
    sources: [{ doc: 'IG', ref: 'Request header X-Request-ID (mandatory)' }],
  },
] as const satisfies readonly Rule[];
