import { EvalError, checkUnique } from './eval.js';
import type { InstantSample } from './series.js';

/**
 * label_replace(v, dst, replacement, src, regex), as Prometheus 2.42's funcLabelReplace: where the
 * anchored regex matches the value of src ("" when absent), dst becomes the expanded replacement
 * (removed when that is empty); elsewhere the sample is kept as it is. The metric name stays.
 */
export function labelReplace(samples: InstantSample[], dst: string, replacement: string, src: string, regex: string): InstantSample[] {
  let re: RegExp;
  try {
    // Go writes a named group (?P<name>…); JavaScript (?<name>…).
    re = new RegExp(`^(?:${regex.replace(/\(\?P</g, '(?<')})$`);
  } catch {
    throw new EvalError(`invalid regular expression in label_replace(): ${regex}`);
  }
  if (!/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(dst)) throw new EvalError(`invalid destination label name in label_replace(): ${dst}`);
  const out = samples.map((s) => {
    const match = re.exec(s.labels[src] ?? '');
    if (!match) return s;
    const value = expand(replacement, match);
    const { [dst]: _old, ...labels } = s.labels;
    return { labels: value === '' ? labels : { ...labels, [dst]: value }, value: s.value };
  });
  checkUnique(out);
  return out;
}

/**
 * Go's Regexp.ExpandString: $1, ${1}, $name and ${name} are groups (a name is the longest run of
 * letters, digits and _, so "$1x" is the group named "1x": empty); $$ is "$"; a $ that starts no
 * name stays as it is. A group that does not exist or did not take part is empty.
 */
export function expand(template: string, match: RegExpExecArray): string {
  let out = '';
  let rest = template;
  for (;;) {
    const at = rest.indexOf('$');
    if (at === -1) return out + rest;
    out += rest.slice(0, at);
    rest = rest.slice(at + 1);
    if (rest.startsWith('$')) {
      out += '$';
      rest = rest.slice(1);
      continue;
    }
    const ref = /^(?:\{([\p{L}\p{Nd}_]+)\}|([\p{L}\p{Nd}_]+))/u.exec(rest);
    if (!ref) {
      out += '$';
      continue;
    }
    rest = rest.slice(ref[0].length);
    const name = (ref[1] ?? ref[2])!;
    const num = /^\d+$/.test(name) && !(name.length > 1 && name.startsWith('0')) ? Number(name) : -1;
    out += (num >= 0 && num < 1e8 ? match[num] : match.groups?.[name]) ?? '';
  }
}
