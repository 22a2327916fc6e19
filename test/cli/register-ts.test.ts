import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const REGISTER = join(__dirname, '..', '..', 'bin', 'register-ts.js');

/** `require`s `file` in a fresh node with bin/register-ts.js loaded, as bin/rmq-bot.js does. */
const load = (file: string, expression: string) =>
  spawnSync(process.execPath, ['-e', `require(${JSON.stringify(REGISTER)}); console.log(${expression.replace('$', `require(${JSON.stringify(file)})`)})`], { encoding: 'utf8', timeout: 30_000 });

describe('bin/register-ts.js, the cached compile of the TypeScript sources', () => {
  let dir = '';
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'register-ts-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('loads TypeScript, its extensionless imports and its types erased, and loads an edited file as edited (the cache is keyed by content)', () => {
    writeFileSync(join(dir, 'dep.ts'), 'export const base: number = 40;\n');
    writeFileSync(join(dir, 'main.ts'), "import { base } from './dep';\ninterface Shape { readonly n: number }\nexport const answer = (shape: Shape): number => base + shape.n;\n");
    const first = load(join(dir, 'main.ts'), '$.answer({ n: 2 })');
    expect(first.stderr).toBe('');
    expect(first.stdout.trim()).toBe('42');
    expect(load(join(dir, 'main.ts'), '$.answer({ n: 2 })').stdout.trim()).toBe('42');
    writeFileSync(join(dir, 'dep.ts'), 'export const base: number = 1;\n');
    expect(load(join(dir, 'main.ts'), '$.answer({ n: 2 })').stdout.trim()).toBe('3');
  });

  it('reports a syntax error of a source with its file name', () => {
    writeFileSync(join(dir, 'broken.ts'), 'export const x = ;\n');
    const result = load(join(dir, 'broken.ts'), '$.x');
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('broken.ts');
  });
});
