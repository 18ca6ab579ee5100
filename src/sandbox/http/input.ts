import { isIP } from 'node:net';
import type { Context } from 'hono';
import { formatError } from '../errors.ts';

/** The body limit; the spec defines no 413, so larger bodies are answered 400 FORMAT_ERROR. */
export const MAX_BODY_BYTES = 1024 * 1024;

export async function readJsonObject(c: Context): Promise<Record<string, unknown>> {
  const text = await c.req.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw formatError('The request body is not valid JSON.');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw formatError('The request body must be a JSON object.');
  }
  return parsed as Record<string, unknown>;
}

export function optionalBooleanHeader(c: Context, name: string): boolean | undefined {
  const value = c.req.header(name)?.trim().toLowerCase();
  if (value === undefined) return undefined;
  if (value === 'true' || value === 'false') return value === 'true';
  throw formatError(`${name} must be true or false.`, name);
}

/** The spec types PSU-IP-Address as ipv4; IPv6 is accepted too, since PSUs have IPv6 addresses. */
export function ipHeader(c: Context, name: string, required: boolean): string | undefined {
  const value = c.req.header(name)?.trim();
  if (value === undefined || value === '') {
    if (required) throw formatError(`The ${name} header is missing.`, name);
    return undefined;
  }
  if (isIP(value) === 0) throw formatError(`${name} must be an IP address.`, name);
  return value;
}

export function absoluteUrlHeader(c: Context, name: string, required: boolean): string | undefined {
  const value = c.req.header(name)?.trim();
  if (value === undefined || value === '') {
    if (required) throw formatError(`The ${name} header is missing.`, name);
    return undefined;
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw formatError(`${name} must be an absolute URI.`, name);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw formatError(`${name} must be an http(s) URI.`, name);
  return value;
}
