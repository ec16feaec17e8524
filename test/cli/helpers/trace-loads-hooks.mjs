import { appendFileSync } from 'node:fs';

export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  if (process.env.TRACE_LOADS_FILE) appendFileSync(process.env.TRACE_LOADS_FILE, `${result.url}\n`);
  return result;
}
