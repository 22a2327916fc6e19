#!/usr/bin/env node
// The sources are TypeScript; tsx compiles them on load so there is no build step to forget.
require('tsx/cjs');
require('../src/cli/main.ts').main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err) => {
    process.stderr.write(`rmq-bot: unexpected failure: ${err && err.stack ? err.stack : err}\n`);
    process.exitCode = 70;
  },
);
