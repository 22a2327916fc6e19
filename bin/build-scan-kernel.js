#!/usr/bin/env node
// Builds src/logs/scan-kernel.wasm from its text form with wabt (a development dependency: the
// product loads the committed binary and needs no compiler). test/logs/scan-kernel.test.ts runs
// the same compile and fails when the committed binary is stale.
'use strict';

const { readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const SOURCE = join(__dirname, '..', 'src', 'logs', 'scan-kernel.wat');

/** The binary the text compiles to, without names or debug sections, so it is the same on every machine. */
const compileScanKernel = async () => {
  const wabt = await require('wabt')();
  const parsed = wabt.parseWat(SOURCE, readFileSync(SOURCE, 'utf8'), { simd: true });
  try {
    parsed.validate();
    return Buffer.from(parsed.toBinary({ log: false, write_debug_names: false }).buffer);
  } finally {
    parsed.destroy();
  }
};

module.exports = { compileScanKernel };

if (require.main === module) {
  compileScanKernel().then(
    (binary) => {
      const target = SOURCE.replace(/\.wat$/, '.wasm');
      writeFileSync(target, binary);
      process.stdout.write(`${target}: ${binary.length} bytes\n`);
    },
    (error) => {
      process.stderr.write(`build-scan-kernel: ${error.message}\n`);
      process.exitCode = 1;
    },
  );
}
