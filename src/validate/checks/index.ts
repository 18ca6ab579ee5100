import { checkBody } from './body.ts';
import { checkContentType } from './contentType.ts';
import type { Check } from './context.ts';
import { checkErrorCodes } from './errorCodes.ts';
import { checkHeaders } from './headers.ts';
import { checkStatus } from './status.ts';

/** The response rules, in report order. A new rule = one file, one line here. */
export const responseChecks: readonly Check[] = [checkStatus, checkHeaders, checkContentType, checkBody, checkErrorCodes];
