#!/usr/bin/env node
/**
 * Writes the builds of the CLI that run with `node` alone. `npm run build` runs it after tsc.
 * - dist/oncall.mjs: everything (dashboard, demo stack, dependencies) in one ESM file, for hosts where
 *   there is no npm (bastions): `scp` it and run it.
 * - dist/app/: the same code split into chunks, what bin/oncall.js runs the dashboard and the demo from:
 *   the entry holds the CLI; the dashboard (ink, react, yoga) and the demo stack are chunks loaded only
 *   when opened.
 * - dist/headless/: the CLI without the dashboard and the demo, one CommonJS file that bin/oncall.js
 *   runs headless commands from with a V8 code cache (see bundleHeadless).
 *   node scripts/build-bundle.mjs [--outfile=path | --outdir=path | --headless=dir] [--entry=path] [--metafile] [--readable]
 * With none of --outfile, --outdir and --headless all three are written. --readable leaves whitespace and
 * `// path` module markers in, for reading a --cpu-prof by module.
 */
import { chmod, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The single file (outfile), or with `outdir` the split build whose entry is <outdir>/oncall.mjs. */
export async function bundle({ entry = join(root, 'src/bundle.ts'), outfile = join(root, 'dist/oncall.mjs'), outdir, metafile = false, readable = false } = {}) {
  const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8'));
  // Chunk names carry a content hash: clear out the previous build's chunks rather than pile them up.
  if (outdir) await rm(outdir, { recursive: true, force: true });
  const output = outdir
    ? { entryPoints: { oncall: entry }, outdir, splitting: true, chunkNames: 'chunks/[name]-[hash]', outExtension: { '.js': '.mjs' } }
    : { entryPoints: [entry], outfile };
  const result = await build({
    ...output,
    ...common(pkg, readable, metafile),
    format: 'esm',
    banner: {
      js: [
        '#!/usr/bin/env node',
        // CommonJS dependencies (yargs' parsers, axios' form-data...) call require('util') etc.;
        // inside an ESM file there is no `require`, so give them one.
        "import { createRequire as __oncallCreateRequire } from 'node:module';",
        'const require = __oncallCreateRequire(import.meta.url);',
      ].join('\n'),
    },
  });
  await chmod(outdir ? join(outdir, 'oncall.mjs') : outfile, 0o755);
  return result;
}

/**
 * The headless build: the CLI without the dashboard and the demo, as one CommonJS file named by its
 * content hash, <outdir>/headless-<hash>.cjs. bin/oncall.js runs headless commands from it with a V8
 * code cache beside it (<file>.v8cache, written after a first run): Node 20 caches compiled code only
 * for scripts, not for ES modules, and reading and compiling the CLI is a third of a headless command's
 * start-up. The hash in the name means a cache always belongs to the file it sits beside.
 */
export async function bundleHeadless({ outdir = join(root, 'dist/headless'), readable = false, metafile = false } = {}) {
  const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8'));
  await rm(outdir, { recursive: true, force: true });
  const shared = common(pkg, readable, metafile);
  const result = await build({
    entryPoints: { headless: join(root, 'src/headless.ts') },
    entryNames: '[name]-[hash]',
    outdir,
    outExtension: { '.js': '.cjs' },
    ...shared,
    format: 'cjs',
    // yargs-parser makes its require() from import.meta.url; in a script it is this file's URL.
    banner: { js: "const __oncallImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
    define: { ...shared.define, 'import.meta.url': '__oncallImportMetaUrl' },
    plugins: [notHeadless, ...shared.plugins],
  });
  // --readable keeps comments, which may hold any character; it is for reading profiles, not for use.
  if (!readable) await requireAscii(outdir);
  return result;
}

/**
 * Fails the build when the headless file holds a character outside ASCII. bin/oncall.js reads it as
 * UTF-8, and one such character makes Node decode all of it into a two-byte string (35 ms of every
 * headless command, against under 1 ms for ASCII). esbuild escapes them in strings and templates but
 * leaves them in regular expression literals: write those as \uXXXX in the source.
 */
async function requireAscii(outdir) {
  for (const name of (await readdir(outdir)).filter((f) => f.endsWith('.cjs'))) {
    const text = await readFile(join(outdir, name), 'utf8');
    const at = text.search(/[^\x00-\x7f]/);
    if (at < 0) continue;
    const line = text.slice(0, at).split('\n').length;
    const around = text.slice(Math.max(0, at - 60), at + 20).replace(/\s+/g, ' ');
    throw new Error(`${relative(root, join(outdir, name))}:${line}: ${JSON.stringify(text[at])} is not ASCII (in ...${around}...): write it as \\u${text.codePointAt(at).toString(16).padStart(4, '0')} in the source; bin/oncall.js reads this file at every headless command, and Node decodes a file with any non-ASCII character as UTF-16`);
  }
}

/**
 * The dashboard and the demo stack are not part of the headless build: bin/oncall.js never sends
 * them there. Should a path reach them anyway, the stand-in says which build to use.
 */
const notHeadless = {
  name: 'not-headless',
  setup(b) {
    b.onResolve({ filter: /(^|[\\/])(ui[\\/]run|demo[\\/](stack|thread))\.js$/ }, (args) => ({ path: args.path, namespace: 'not-headless' }));
    b.onLoad({ filter: /.*/, namespace: 'not-headless' }, (args) => ({
      contents: `throw new Error(${JSON.stringify(`${args.path} is not in the headless build: run oncall through dist/app/oncall.mjs`)});`,
      loader: 'js',
    }));
  },
};

/** What every build shares: bundling for Node 20, the light minification, the defines and the plugins. */
function common(pkg, readable, metafile) {
  return {
    bundle: true,
    platform: 'node',
    target: 'node20',
    // Whitespace and syntax only: half the bytes to read and parse at every start, while stack traces
    // from a bastion still name our functions.
    minifyWhitespace: !readable,
    minifySyntax: !readable,
    legalComments: 'none',
    metafile,
    logLevel: 'warning',
    define: {
      // React's production build: several times faster and what users of any Ink program get.
      'process.env.NODE_ENV': '"production"',
      // src/cli/main.ts: in a bundle the CLI is always the program (in the split build its code sits in
      // a chunk, so comparing the program's path with import.meta.url cannot tell).
      __ONCALL_BUNDLE__: 'true',
    },
    plugins: [stubDevtools, inlineVersion(pkg.version), lazyFormData, lazyHttp2, noHelpCache, stringWidthStartUp, ansiTokenizeFastPath, inkEscapeThenKey, inkTextCaches, yogaWithoutFetch],
  };
}

/**
 * Modules replaced by small stand-ins in the single file:
 * - ink's devtools.js (and react-devtools-core, ws behind it): imported only when DEV=true, for React
 *   DevTools; react-devtools-core is not even installed, and a bastion has no use for it.
 * - axios' fetch adapter: axios picks the http adapter on Node; the fetch one is built at load time and
 *   touches globalThis.Request, which makes Node load undici (about 20 ms of every start-up).
 *   Nothing of ours asks for `adapter: 'fetch'`; if something did, axios would say it is unsupported.
 * - the form-data package behind axios' Node FormData class: it loads mime-types and mime-db (a 190 KB
 *   JSON table), about 10 ms of every start-up, to send multipart bodies, which we never send. Were
 *   something to ask axios for one, the stand-in says so instead of sending a wrong body.
 * - axios' own copy of https-proxy-agent (v5, with agent-base and debug): axios tunnels through a proxy
 *   with it only when its `proxy` option or the environment gives one, and src/sources/transport.ts
 *   always passes `proxy: false` and tunnels itself (our TLS options must reach the server behind the
 *   tunnel). About 3 ms of every start-up. Were axios ever to build one, the stand-in says why not.
 * - the debug package (behind follow-redirects and https-proxy-agent): with DEBUG set it prints every
 *   request's options, Authorization headers and proxy credentials included, to stderr and so onto
 *   the dashboard's screen. No debugging switch may print a secret: the stand-in logs nothing.
 */
const STUBS = [
  { filter: /^react-devtools-core$/, contents: 'export default { initialize() {}, connectToDevTools() {} };' },
  { filter: /^\.\/devtools\.js$/, importer: /[\\/]ink[\\/]build[\\/]reconciler\.js$/, contents: 'export {};' },
  { filter: /^\.\/fetch\.js$/, importer: /[\\/]axios[\\/]lib[\\/]adapters[\\/]adapters\.js$/, contents: 'export const getFetch = () => false; export default false;' },
  {
    filter: /^form-data$/,
    importer: /[\\/]axios[\\/]lib[\\/]platform[\\/]node[\\/]classes[\\/]FormData\.js$/,
    contents: "export default class FormData { constructor() { throw new Error('oncall sends no multipart/form-data bodies'); } }",
  },
  {
    filter: /^https-proxy-agent$/,
    importer: /[\\/]axios[\\/]lib[\\/]adapters[\\/]http\.js$/,
    contents: "export default class HttpsProxyAgent { constructor() { throw new Error('axios was given a proxy: oncall tunnels through proxies itself and passes axios proxy: false (src/sources/transport.ts)'); } }",
  },
  {
    filter: /^debug$/,
    contents: 'function createDebug() { const log = () => {}; log.enabled = false; log.extend = createDebug; return log; }\n'
      + "Object.assign(createDebug, { enable() {}, disable: () => '', enabled: () => false });\nmodule.exports = createDebug;",
  },
];

const stubDevtools = {
  name: 'oncall-stubs',
  setup(b) {
    STUBS.forEach((stub, i) => {
      b.onResolve({ filter: stub.filter }, (args) =>
        !stub.importer || stub.importer.test(args.importer) ? { path: `stub-${i}`, namespace: 'oncall-stub' } : undefined,
      );
    });
    b.onLoad({ filter: /.*/, namespace: 'oncall-stub' }, (args) => ({ contents: STUBS[Number(args.path.slice(5))].contents, loader: 'js' }));
  },
};

/**
 * main.ts reads the version from ../../package.json next to itself; the single file has no
 * package.json beside it, so the build writes the version in. Fails the build if the read moved.
 */
function inlineVersion(version) {
  const read = "readFileSync(new URL('../../package.json', import.meta.url), 'utf8')";
  return {
    name: 'inline-version',
    setup(b) {
      b.onLoad({ filter: /[\\/]src[\\/]cli[\\/]main\.ts$/ }, async (args) => {
        const source = await readFile(args.path, 'utf8');
        if (!source.includes(read)) {
          return { errors: [{ text: `src/cli/main.ts no longer reads the version with ${read}: update inlineVersion in scripts/build-bundle.mjs` }] };
        }
        return { contents: source.replace(read, JSON.stringify(JSON.stringify({ version }))), loader: 'ts' };
      });
    },
  };
}

/**
 * A plugin that edits files of a package as esbuild loads them: `edits` maps a file's name to
 * [from, to] pairs, each replaced once, and `prelude(file)` goes before the edited source (imports
 * of our own code). A `from` that is no longer there fails the build, naming the edit to update.
 */
function editFiles(label, filter, edits, prelude = () => '') {
  return {
    name: label,
    setup(b) {
      b.onLoad({ filter }, async (args) => {
        const file = args.path.split(/[\\/]/).pop();
        let source = await readFile(args.path, 'utf8');
        for (const [from, to] of edits[file]) {
          if (!source.includes(from)) return { errors: [{ text: `${args.path} no longer has ${JSON.stringify(from)}: update ${label} in scripts/build-bundle.mjs` }] };
          source = source.replace(from, to);
        }
        return { contents: prelude(file) + source, loader: 'js', resolveDir: dirname(args.path) };
      });
    },
  };
}

/**
 * axios reads globalThis.FormData when it loads, and that getter makes Node load undici, which compiles
 * its HTTP parser (WebAssembly): about 20 ms of every start-up, for a class we never send. Without the
 * constructor axios still recognises a FormData by its tag. Fails the build if axios changed the line.
 */
const lazyFormData = editFiles('lazyFormData', /[\\/]axios[\\/]lib[\\/]utils\.js$/, {
  'utils.js': [["const FormDataCtor = typeof G.FormData !== 'undefined' ? G.FormData : undefined;", 'const FormDataCtor = undefined;']],
});

/**
 * axios 1.x imports Node's http2 module when it loads (for `httpVersion: 2`, which we never ask for),
 * and loading http2 costs about 8 ms of every start-up, a headless command's included. Both files that
 * import it get it on first use instead: a getter for http.js' `http2.constants` and a function for
 * Http2Sessions' `http2.connect`, each requiring the real module then. Fails the build if axios changed
 * the import.
 */
const LAZY_HTTP2 = [
  "import http2 from 'http2';",
  "import { createRequire as __createRequire } from 'module';\n" +
    "const __http2 = () => __createRequire(import.meta.url)('http2');\n" +
    'const http2 = { get constants() { return __http2().constants; }, connect: (...args) => __http2().connect(...args) };',
];
const lazyHttp2 = editFiles('lazyHttp2', /[\\/]axios[\\/]lib[\\/](adapters[\\/]http|helpers[\\/]Http2Sessions)\.js$/, {
  'http.js': [LAZY_HTTP2],
  'Http2Sessions.js': [LAZY_HTTP2],
});

/**
 * yargs renders the whole help text (cliui, string-width with Intl.Segmenter) after starting every
 * command's handler and keeps it in case the handler later calls showHelp(): 20-40 ms of every
 * headless command. Our handlers never call showHelp(), and our .fail() handler prints no help, so the
 * text is never read. `--help` renders it as before. Fails the build if yargs changed the line.
 */
const noHelpCache = editFiles('noHelpCache', /[\\/]yargs[\\/]build[\\/]lib[\\/]usage\.js$/, {
  'usage.js': [['cachedHelpMessage = this.help();', 'cachedHelpMessage = undefined;']],
});

/**
 * string-width (three copies: yargs', cliui's and wrap-ansi's) builds an Intl.Segmenter when it loads;
 * the first one loads ICU's break data, 10-15 ms of every start-up, while a headless command measures
 * no string at all. Built on first use instead. The newest copy (ink's) also compiles
 * /^\p{RGI_Emoji}$/v when it loads, which expands every emoji sequence: 18 ms, likewise moved to its
 * first use. And that first use would be the dashboard's first frame, whose box drawing and symbols
 * are not ASCII: src/ui/text/symbolWidth.ts answers such text before string-width segments it (it is
 * checked code point by code point against string-width in test/ui/symbolWidth.test.ts). Fails the
 * build if a line changed (the emoji and ASCII lines are only in the newest copy).
 */
const stringWidthStartUp = {
  name: 'string-width-start-up',
  setup(b) {
    const segmenterLine = 'const segmenter = new Intl.Segmenter();';
    const emojiLine = 'const rgiEmojiRegex = /^\\p{RGI_Emoji}$/v;';
    const asciiLine = 'if (/^[\\u0020-\\u007E]*$/.test(string)) {\n\t\treturn string.length;\n\t}';
    const symbolWidth = join(root, 'src/ui/text/symbolWidth.ts');
    b.onLoad({ filter: /[\\/]string-width[\\/]index\.js$/ }, async (args) => {
      let source = await readFile(args.path, 'utf8');
      const missing = (line) => ({ errors: [{ text: `${args.path} no longer has ${line}: update stringWidthStartUp in scripts/build-bundle.mjs` }] });
      if (!source.includes(segmenterLine)) return missing(segmenterLine);
      source = source.replace(segmenterLine, 'let __segmenter; const segmenter = { segment: (text) => (__segmenter ??= new Intl.Segmenter()).segment(text) };');
      if (source.includes('RGI_Emoji}$/v')) {
        if (!source.includes(emojiLine)) return missing(emojiLine);
        if (!source.includes(asciiLine)) return missing(asciiLine);
        source = source.replace(emojiLine, 'let __rgiEmoji; const rgiEmojiRegex = { test: (text) => (__rgiEmoji ??= /^\\p{RGI_Emoji}$/v).test(text) };');
        source = `import { symbolTextWidth as __symbolTextWidth } from ${JSON.stringify(symbolWidth)};\n${source}`;
        source = source.replace(asciiLine, `${asciiLine}\n\t{ const known = __symbolTextWidth(string, !ambiguousIsNarrow); if (known !== undefined) return known; }`);
      }
      return { contents: source, loader: 'js', resolveDir: dirname(args.path) };
    });
  },
};

/**
 * Ink turns every line it draws into styled characters with @alcalzone/ansi-tokenize, and at 200x50
 * a frame that brings 40 new rows (a filter key, the first G) spent 5-8 ms there: 10 ms for 40 rows
 * of 122 characters, 1.2 ms with these edits, each giving what the package gives:
 * - tokenize() cuts a line into grapheme clusters with Intl.Segmenter; a line whose every character is
 *   a cluster of its own is cut by src/ui/text/plainSegments.ts instead (checked against
 *   Intl.Segmenter in test/ui/plainSegments.test.ts).
 * - styledCharsFromTokens() made each character by spreading its token (V8's slow path for an
 *   object spread: 3.6 of its 3.9 ms for 40 rows) and gave it a copy of the styles in force. It now
 *   names the three fields a character token has, and characters in one run of a style share one copy
 *   (nothing changes a character's styles: Ink and the package only read them).
 * - styledCharsToString() works out the codes between each character and the one before it; between
 *   two characters sharing the same styles that is nothing, so it is skipped.
 * test/bundle/ansiTokenize.test.ts builds the package with these edits and compares it with the
 * package as published. Fails the build if a line changed.
 */
const ansiTokenizeFastPath = editFiles('ansiTokenizeFastPath', /[\\/]@alcalzone[\\/]ansi-tokenize[\\/]build[\\/](tokenize|styledChars)\.js$/, {
  'tokenize.js': [['for (const { segment, index } of segmenter.segment(str)) {', 'for (const { segment, index } of (__plainSegments(str) ?? segmenter.segment(str))) {']],
  'styledChars.js': [
    ['    let codes = [];\n', '    let codes = [];\n    let shared;\n'],
    ['            codes = reduceAnsiCodesIncremental(codes, [token]);\n', '            codes = reduceAnsiCodesIncremental(codes, [token]);\n            shared = undefined;\n'],
    ['                ...token,\n', '                type: token.type,\n                value: token.value,\n                fullWidth: token.fullWidth,\n'],
    ['                styles: [...codes],', '                styles: (shared ??= [...codes]),'],
    ['            ret += ansiCodesToString(diffAnsiCodes(chars[i - 1].styles, char.styles));', '            if (chars[i - 1].styles !== char.styles) ret += ansiCodesToString(diffAnsiCodes(chars[i - 1].styles, char.styles));'],
  ],
}, (file) => (file === 'tokenize.js' ? `import { plainSegments as __plainSegments } from ${JSON.stringify(join(root, 'src/ui/text/plainSegments.ts'))};\n` : ''));

/**
 * Esc and the key after it, read at once (typing fast, or both in one SSH packet), reach Ink as one
 * sequence. Ink's useInput marks it alt+key only when that key is a letter or a digit; for any other
 * ("\x1b:", "\x1b/", "\x1b?") it drops the escape and passes the key alone, so esc-then-: in the
 * handover view lost the esc, and the ':' and the command typed after it went to the view. Marked
 * alt+key in every case, src/ui/keys.ts splits it into esc and the key, as it does for letters.
 * test/e2e/dashboard.test.ts types "\x1b/" in one write. Fails the build if Ink changed the lines.
 */
const inkEscapeThenKey = editFiles('inkEscapeThenKey', /[\\/]ink[\\/]build[\\/]hooks[\\/]use-input\.js$/, {
  'use-input.js': [[
    "            if (input.startsWith('\\u001B')) {\n                input = input.slice(1);\n            }",
    "            if (input.startsWith('\\u001B')) {\n                input = input.slice(1);\n                key.meta = true;\n            }",
  ]],
});

/**
 * Ink 6.8 remembers the size of every text it has laid out (measure-text.js) and the wrapped form of
 * every text at every width (wrap-text.js), and never forgets one: each row whose age or countdown
 * changes makes new entries at every frame, for as long as the dashboard runs (vadimdemedes/ink#986,
 * reported against Ink 7, which needs Node 22 anyway). Both caches keep two generations of 2,000 entries
 * here (src/ui/text/twoGenerations.ts), more than a 200x50 frame lays out, a generation ending also
 * after INK_TEXT_CACHE_USES lookups, so an idle dashboard's caches stop growing within minutes. test/bundle/inkTextCaches.test.ts
 * builds both files with these edits, compares them with the published ones and measures what 40,000
 * changing rows leave behind. Fails the build if a line changed.
 */
const INK_TEXT_CACHE = 2000;
/**
 * Lookups per generation of those caches: a text not laid out for that long is forgotten. An idle
 * dashboard makes about 5 a frame (only texts that changed are laid out again), so 1,000 is about
 * three minutes at a frame a second; a key that redraws the list makes hundreds, and the texts of the
 * last frames stay.
 */
const INK_TEXT_CACHE_USES = 1000;
const inkTextCaches = editFiles('inkTextCaches', /[\\/]ink[\\/]build[\\/](measure-text|wrap-text)\.js$/, {
  'measure-text.js': [['const cache = new Map();', `const cache = new __TwoGenerationCache(${INK_TEXT_CACHE}, ${INK_TEXT_CACHE_USES});`]],
  'wrap-text.js': [
    ['const cache = {};', `const cache = new __TwoGenerationCache(${INK_TEXT_CACHE}, ${INK_TEXT_CACHE_USES});`],
    ['const cachedText = cache[cacheKey];', 'const cachedText = cache.get(cacheKey);'],
    ['cache[cacheKey] = wrappedText;', 'cache.set(cacheKey, wrappedText);'],
  ],
}, () => `import { TwoGenerationCache as __TwoGenerationCache } from ${JSON.stringify(join(root, 'src/ui/text/twoGenerations.ts'))};\n`);

/**
 * yoga-layout (ink's layout engine) carries its WebAssembly as a data: URL and reads it with fetch()
 * when fetch exists, which makes Node load undici (about 25 ms on the dashboard's path to its first
 * frame); its own fallback decodes the same base64 synchronously. Always take the fallback. Fails the
 * build if yoga changed the line.
 */
const yogaWithoutFetch = editFiles('yogaWithoutFetch', /[\\/]yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/, {
  'yoga-wasm-base64-esm.js': [['function ya(){return w||"function"!=typeof fetch?', 'function ya(){return true?']],
});

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const arg = (name) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  const t0 = performance.now();
  const shared = { entry: arg('entry') ? resolve(arg('entry')) : undefined, metafile: process.argv.includes('--metafile'), readable: process.argv.includes('--readable') };
  // With neither --outfile nor --outdir: all three builds (the single file, the split build, the headless build).
  const all = !arg('outfile') && !arg('outdir') && !arg('headless');
  const targets = [
    ...(all || arg('outfile') ? [{ outfile: resolve(arg('outfile') ?? join(root, 'dist/oncall.mjs')) }] : []),
    ...(all || arg('outdir') ? [{ outdir: resolve(arg('outdir') ?? join(root, 'dist/app')) }] : []),
  ];
  const headless = arg('headless') ? resolve(arg('headless')) : all ? join(root, 'dist/headless') : undefined;
  await Promise.all([
    ...targets.map(async (target) => {
      const result = await bundle({ ...shared, ...target });
      const where = target.outfile ?? join(target.outdir, 'oncall.mjs');
      if (result.metafile) await writeFile(`${where}.meta.json`, JSON.stringify(result.metafile));
    }),
    ...(headless
      ? [
          bundleHeadless({ outdir: headless, readable: shared.readable, metafile: shared.metafile }).then(async (result) => {
            if (result.metafile) await writeFile(join(headless, 'headless.meta.json'), JSON.stringify(result.metafile));
          }),
        ]
      : []),
  ]);
  const written = [...targets.map((t) => t.outfile ?? `${t.outdir}/`), ...(headless ? [`${headless}/`] : [])];
  console.log(`bundle: ${written.map((p) => relative(root, p) || p).join(', ')} in ${(performance.now() - t0).toFixed(0)} ms`);
}
