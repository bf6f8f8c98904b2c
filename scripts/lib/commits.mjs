// The commit message rule (scripts/check-commits.mjs): a subject under 72 characters, not empty,
// and details, if any, after one blank line.

export const SUBJECT_MAX = 71;

/**
 * What is wrong with each message, in words naming its commit; [] when all hold.
 * @param {{ hash: string, message: string }[]} commits
 * @returns {string[]}
 */
export function checkMessages(commits) {
  /** @type {string[]} */
  const problems = [];
  for (const { hash, message } of commits) {
    const lines = message.replace(/\s+$/, '').split('\n');
    const subject = lines[0] ?? '';
    if (!subject.trim()) problems.push(`${hash}: the subject is empty.`);
    else if ([...subject].length > SUBJECT_MAX)
      problems.push(
        `${hash}: the subject has ${[...subject].length} characters (at most ${SUBJECT_MAX}): "${subject}"`,
      );
    if (lines.length > 1 && lines[1]?.trim() !== '')
      problems.push(`${hash}: the details must follow the subject after one blank line.`);
  }
  return problems;
}
