import { isAxiosError } from 'axios';
import { OncallError } from '../domain/errors.js';

/**
 * Turns a transport failure into an OncallError. axios errors carry the request config (headers
 * with tokens, basic auth); none of that is copied: only the code, status and a redacted URL.
 */
export function toSourceError(err: unknown, source: string, redirectedTo?: URL): OncallError {
  if (err instanceof OncallError) return err;
  if (isAxiosError(err)) {
    // After a redirect the failure is the last hop's: name where it went, not where it started.
    const url = redactUrl(redirectedTo ? redirectedTo.href : `${err.config?.baseURL ?? ''}${err.config?.url ?? ''}`);
    const code = err.code ?? '';
    if (code === 'ETIMEDOUT' || code === 'ECONNABORTED') {
      return new OncallError('timeout', `no answer from ${url} in time`, {
        source,
        hint: 'the server is slow or unreachable (if it is just slow, raise `timeout` for this source in the config)',
      });
    }
    const cause = (err.cause as NodeJS.ErrnoException | undefined)?.code ?? code;
    if (cause === 'ECONNREFUSED') {
      return new OncallError('network', `connection refused at ${url}`, { source, hint: 'is it running, and is the URL in your config right?' });
    }
    // OpenSSL reads a plain HTTP answer as a record of an unknown TLS version.
    if (cause === 'EPROTO' && /wrong version number|packet length too long|http request/i.test((err.cause as Error | undefined)?.message ?? '')) {
      return new OncallError('network', `TLS handshake with ${url} failed (EPROTO)`, { source, hint: 'this looks like an http:// port; use http:// or check the port' });
    }
    if (cause === 'ENOTFOUND' || cause === 'EAI_AGAIN') {
      return new OncallError('network', `cannot resolve host of ${url}`, { source, hint: 'check the URL in your config, or your DNS/VPN' });
    }
    if (/CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|ISSUER|SIGNATURE|ALTNAME|HOSTNAME/i.test(cause)) {
      return new OncallError('network', `TLS failure talking to ${url} (${cause})`, {
        source,
        hint: 'set ca_file for a private CA (or insecure: true only if you accept the risk)',
      });
    }
    return new OncallError('network', `request to ${url} failed (${cause || 'unknown error'})`, { source });
  }
  const message = err instanceof Error ? err.message : String(err);
  return new OncallError('network', redactText(message), { source });
}

/** A 401's hint: check the credentials where they came from, or give some if none were sent. */
export function credentialsHint(system: string, credentials: string | undefined): string {
  return credentials ? `check the ${credentials}` : `set basic_auth or bearer_token for ${system} in your config (\`oncall config path\`)`;
}

/** Drops user:password@ and token-like query parameters from a URL. */
export function redactUrl(raw: string): string {
  try {
    const u = new URL(raw);
    if (u.username || u.password) {
      u.username = 'REDACTED';
      u.password = '';
    }
    for (const key of [...u.searchParams.keys()]) {
      if (/token|key|secret|password|auth/i.test(key)) u.searchParams.set(key, 'REDACTED');
    }
    return u.toString();
  } catch {
    return redactText(raw);
  }
}

/**
 * Last line of defence for free text: strips Authorization values and credentials in URLs. Our own
 * wording ("bearer token file", "basic auth password file") names a kind of credential, not one.
 */
export function redactText(text: string): string {
  return text
    .replace(/(Token token=)[^\s"',]+/gi, '$1REDACTED')
    .replace(/(Bearer\s+)(?!token\b)[^\s"',]+/gi, '$1REDACTED')
    .replace(/(Basic\s+)(?!auth\b)[A-Za-z0-9+/=]+/gi, '$1REDACTED')
    // Whatever stands before the last @ of a URL: user:password, a password holding / or @, a token
    // given as the user name. Too much is hidden when a path holds an @; never too little.
    .replace(/(\/\/)[^\s"'<>]*@/g, '$1REDACTED@');
}

/** A short readable form of an error body (JSON string, {error}, {message}); never the request. */
export function bodyMessage(data: unknown): string | undefined {
  if (data == null || data === '') return undefined;
  if (typeof data === 'string') return redactText(data.length > 300 ? `${data.slice(0, 300)}…` : data);
  if (typeof data === 'object') {
    const d = data as Record<string, unknown>;
    if (typeof d.error === 'string') return redactText(d.error);
    if (typeof d.message === 'string') return redactText(d.message);
  }
  return undefined;
}
