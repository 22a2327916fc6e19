// Makes `require` load the project's TypeScript sources, compiled once and cached, so there is no
// build step to forget and no compiler on the path of a warm start. tsx did this before, at about
// 5 ms per module on every start (its resolver, a transform-cache lookup and inline source maps
// Node parsed eagerly): a third of a second before `rmq-bot analyze` read its first byte, paid
// again in the analysis worker. Here a module costs a hash of its text and one cached file read.
//
// Compiled with esbuild's transform, as tsx did, one file at a time, so `__dirname`, `__filename`
// and `require.resolve` mean what they mean in the source. The cache is content-addressed (source,
// compiler options, esbuild version): an edit, a checkout or an upgrade compiles again on first
// use, and a stale entry can never be loaded. Source maps are inline in each cached file and read
// only when Node runs with --enable-source-maps (stack traces then name the TypeScript lines).
'use strict';

const { createHash } = require('node:crypto');
const { mkdirSync, readFileSync, renameSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const ROOT = join(__dirname, '..');
/** Bumped when the compile options below change in a way the key does not see. */
const CACHE_FORMAT = '1';

const cacheDirectory = () => {
  for (const dir of [join(ROOT, 'node_modules', '.cache', 'rmq-bot-ts'), join(tmpdir(), `rmq-bot-ts-${process.getuid?.() ?? 'user'}`)]) {
    try {
      mkdirSync(dir, { recursive: true });
      return dir;
    } catch {
      // Read-only install: try the next place; without any, every start compiles in memory.
    }
  }
  return null;
};

let compiler = null;
/** esbuild and the compiler options, loaded only when a source has no cached compile yet. */
const loadCompiler = () => {
  if (compiler === null) {
    const tsconfig = JSON.parse(readFileSync(join(ROOT, 'tsconfig.json'), 'utf8'));
    compiler = { esbuild: require('esbuild'), compilerOptions: tsconfig.compilerOptions };
  }
  return compiler;
};

/** What the compiled text depends on besides the source: read cheaply, without loading esbuild. */
const optionsKey = (() => {
  let key = null;
  return () => {
    if (key === null) {
      const esbuildVersion = JSON.parse(readFileSync(require.resolve('esbuild/package.json'), 'utf8')).version;
      key = `${CACHE_FORMAT}\0${esbuildVersion}\0${readFileSync(join(ROOT, 'tsconfig.json'), 'utf8')}`;
    }
    return key;
  };
})();

const compile = (source, filename) => {
  const { esbuild, compilerOptions } = loadCompiler();
  return esbuild.transformSync(source, {
    loader: 'ts',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'inline',
    sourcefile: filename,
    tsconfigRaw: { compilerOptions },
  }).code;
};

let cache;
const compiled = (filename) => {
  const source = readFileSync(filename, 'utf8');
  if (cache === undefined) cache = cacheDirectory();
  if (cache === null) return compile(source, filename);
  const file = join(cache, `${createHash('sha256').update(optionsKey()).update('\0').update(filename).update('\0').update(source).digest('hex')}.js`);
  try {
    return readFileSync(file, 'utf8');
  } catch {
    const code = compile(source, filename);
    // Written aside and renamed: a process starting at the same moment reads a whole file or none.
    const partial = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}`;
    try {
      writeFileSync(partial, code);
      renameSync(partial, file);
    } catch {
      // A cache that cannot be written only costs the next start a compile.
    }
    return code;
  }
};

if (require.extensions['.ts'] === undefined) {
  require.extensions['.ts'] = (module, filename) => {
    module._compile(compiled(filename), filename);
  };
}
