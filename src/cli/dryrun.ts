import { redactText, redactUrl } from '../sources/errors.js';
import type { OutStream } from './io.js';

export interface RequestDescription {
  method: string;
  url: string;
  headers?: Record<string, string | undefined>;
  body?: unknown;
}

const SECRET_HEADER = /^(authorization|proxy-authorization|cookie|x-api-key)$|token|secret|password|key/i;

/** What --dry-run prints instead of sending: the request as it would go out, secrets replaced. */
export function formatRequest(req: RequestDescription): string {
  const lines = [`${req.method.toUpperCase()} ${redactUrl(req.url)}`];
  for (const [name, value] of Object.entries(req.headers ?? {})) {
    if (value === undefined) continue;
    lines.push(`${name}: ${SECRET_HEADER.test(name) ? 'REDACTED' : redactText(value)}`);
  }
  if (req.body !== undefined) {
    const body = typeof req.body === 'string' ? req.body : JSON.stringify(req.body, null, 2);
    lines.push('', redactText(body));
  }
  return `${lines.join('\n')}\n`;
}

export function describeRequest(req: RequestDescription, out: OutStream = process.stdout): void {
  out.write(`# dry run: not sent\n${formatRequest(req)}`);
}
