// @vitest-environment node
/** The commit message rule `npm test` checks on every commit since it was set (scripts/check-commits.mjs). */
import { describe, expect, it } from 'vitest';
import { checkMessages, SUBJECT_MAX } from '../../scripts/lib/commits.mjs';

const subject = (n: number) => 'x'.repeat(n);

describe('commit messages', () => {
  it('accepts a subject under 72 characters, alone or with details after a blank line', () => {
    expect(SUBJECT_MAX).toBe(71);
    expect(checkMessages([{ hash: 'a1', message: `${subject(71)}\n` }])).toEqual([]);
    expect(checkMessages([{ hash: 'a2', message: 'Send once\n\nDetails here.\nMore.\n' }])).toEqual([]);
  });

  it('refuses a subject of 72 characters or more, naming the commit and the count', () => {
    expect(checkMessages([{ hash: 'b1', message: subject(72) }])).toEqual([
      `b1: the subject has 72 characters (at most 71): "${subject(72)}"`,
    ]);
  });

  it('counts characters, not bytes', () => {
    expect(checkMessages([{ hash: 'c1', message: `${'é'.repeat(71)}\n` }])).toEqual([]);
    expect(checkMessages([{ hash: 'c2', message: '→'.repeat(72) }])).toHaveLength(1);
  });

  it('a subject of spaces is empty, and a line of spaces after it counts as the blank line', () => {
    expect(checkMessages([{ hash: 'f1', message: '   \n\nbody' }])).toEqual(['f1: the subject is empty.']);
    expect(checkMessages([{ hash: 'f2', message: 'Subject\n  \nbody' }])).toEqual([]);
  });

  it('refuses an empty subject and details without the blank line', () => {
    expect(checkMessages([{ hash: 'd1', message: '\n\nbody' }])).toEqual(['d1: the subject is empty.']);
    expect(checkMessages([{ hash: 'd2', message: 'Subject\nbody at once' }])).toEqual([
      'd2: the details must follow the subject after one blank line.',
    ]);
  });

  it('reports every message that breaks the rule, in order', () => {
    const found = checkMessages([
      { hash: 'e1', message: subject(80) },
      { hash: 'e2', message: 'Fine' },
      { hash: 'e3', message: '' },
    ]);
    expect(found.map((p) => p.slice(0, 2))).toEqual(['e1', 'e3']);
  });
});
