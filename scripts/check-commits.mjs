// `npm run commits`: every commit since the rule was set has a subject under 72 characters, and
// any details in a body after one blank line (`git log --oneline` and every tool that shows one
// line per commit then show the whole subject). Commits before SINCE are history and are not
// rewritten. Outside a git checkout (a downloaded copy) there is nothing to check.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { checkMessages } from './lib/commits.mjs';

const ROOT = resolve(import.meta.dirname, '..');
/** The last commit before the rule was checked by `npm test`. */
const SINCE = '7b5a1ced1e71e875754f7a18e46496b16992bc70';

/** @param {string[]} args */
function git(args) {
  return spawnSync('git', args, { cwd: ROOT, encoding: 'utf8' });
}

if (git(['rev-parse', '--git-dir']).status !== 0) {
  console.log('Not a git checkout: commit subjects not checked.');
  process.exit(0);
}
if (git(['cat-file', '-e', `${SINCE}^{commit}`]).status !== 0) {
  console.log("A shallow or partial clone without the rule's first commit: commit subjects not checked.");
  process.exit(0);
}
// Each message whole, NUL-separated, oldest first.
const log = git(['log', '--reverse', '-z', '--format=%h %B', `${SINCE}..HEAD`]);
if (log.status !== 0) throw new Error(`git log failed: ${log.stderr}`);
const messages = log.stdout
  .split('\0')
  .filter((m) => m.trim())
  .map((m) => ({ hash: m.slice(0, m.indexOf(' ')), message: m.slice(m.indexOf(' ') + 1) }));
const problems = checkMessages(messages);
for (const p of problems) console.log(p);
if (problems.length > 0) {
  console.log(`\n${problems.length} commit message(s) to fix (git commit --amend, or git rebase -i before pushing).`);
  process.exit(1);
}
console.log(`Commit messages hold in ${messages.length} commit(s) since ${SINCE.slice(0, 7)}.`);
