#!/usr/bin/env node
// The sources are TypeScript, compiled on first load and cached (register-ts.js): no build step to forget.
require('./register-ts');
require('../src/cli/main.ts').main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err) => {
    process.stderr.write(`rmq-bot: unexpected failure: ${err && err.stack ? err.stack : err}\n`);
    process.exitCode = 70;
  },
);
