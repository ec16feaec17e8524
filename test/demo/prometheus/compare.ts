/**
 * How the demo Prometheus' answers are compared with the real Prometheus 2.42's (server.test.ts,
 * longwindow.server.test.ts): values to 9 significant digits, rows in label order, plus a relative
 * bound for tests that state a tighter one.
 */

export async function get(base: string, path: string, params: Record<string, string>): Promise<{ status: number; body: any }> {
  const res = await fetch(`${base}${path}?${new URLSearchParams(params)}`);
  return { status: res.status, body: await res.json() };
}

export function normalise(body: any): any {
  if (body.status !== 'success') return body;
  const { resultType, result } = body.data;
  const num = (v: string): number | string => (['NaN', '+Inf', '-Inf'].includes(v) ? v : Number(Number(v).toPrecision(9)));
  const key = (m: object): string => JSON.stringify(Object.entries(m).sort());
  if (resultType === 'scalar') return { resultType, result: [result[0], num(result[1])] };
  const rows = [...result].sort((a: any, b: any) => (key(a.metric) < key(b.metric) ? -1 : 1));
  if (resultType === 'vector') return { resultType, result: rows.map((r: any) => ({ metric: r.metric, value: [r.value[0], num(r.value[1])] })) };
  return { resultType, result: rows.map((r: any) => ({ metric: r.metric, values: r.values.map((p: any) => [p[0], num(p[1])]) })) };
}

/** Every value of two successful bodies as numbers, in the same (label, time) order. */
function values(body: any): number[] {
  const { resultType, result } = body.data;
  if (resultType === 'scalar') return [Number(result[1])];
  const key = (m: object): string => JSON.stringify(Object.entries(m).sort());
  const rows = [...result].sort((a: any, b: any) => (key(a.metric) < key(b.metric) ? -1 : 1));
  return rows.flatMap((r: any) => (resultType === 'vector' ? [Number(r.value[1])] : r.values.map((p: any) => Number(p[1]))));
}

/**
 * The largest relative difference between two bodies' values (NaN and infinities must match exactly;
 * a mismatch there counts as Infinity). Call after normalise() found the same shape.
 */
export function maxRelativeDifference(a: any, b: any): number {
  const va = values(a);
  const vb = values(b);
  if (va.length !== vb.length) return Infinity;
  let worst = 0;
  va.forEach((x, i) => {
    const y = vb[i]!;
    if (Number.isNaN(x) || Number.isNaN(y) || !Number.isFinite(x) || !Number.isFinite(y)) {
      if (!Object.is(x, y)) worst = Infinity;
      return;
    }
    const scale = Math.max(Math.abs(x), Math.abs(y));
    if (scale > 0) worst = Math.max(worst, Math.abs(x - y) / scale);
  });
  return worst;
}
