import { randomInt } from 'node:crypto';
import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import type { LabLayout } from './lab-layout';

const COOKIE_LENGTH = 20;

/**
 * Removes what a previous lab in this dir left (node data, keys, cookie, state) so `up` always
 * starts from nothing. Only the lab's own sub-paths: the dir may hold other files.
 */
export function wipeLabFiles(layout: LabLayout): void {
  for (const target of [layout.nodesDir, layout.sshd.dir, layout.homeDir, layout.stateFile, layout.configPath]) {
    rmSync(target, { recursive: true, force: true });
  }
}

/** HOME for every node and CLI call, holding the one Erlang cookie they share (mode 400, as Erlang insists). */
export function writeCookieHome(layout: LabLayout): void {
  mkdirSync(layout.homeDir, { recursive: true, mode: 0o700 });
  const cookie = Array.from({ length: COOKIE_LENGTH }, () => String.fromCharCode(65 + randomInt(26))).join('');
  writeFileSync(layout.cookieFile, cookie, { mode: 0o400 });
  chmodSync(layout.cookieFile, 0o400);
}
