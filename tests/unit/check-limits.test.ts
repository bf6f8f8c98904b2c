// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { checkSource, describeOffender, MAX_FILE_LINES, MAX_FUNCTION_LINES } from '../../scripts/lib/limits.mjs';

/** `n` statement lines, each with blank lines between when `blanks` says so. */
const body = (n: number, blanks = 0) =>
  Array.from({ length: n }, (_, i) => `  const v${i} = ${i};${'\n'.repeat(blanks)}`).join('\n');
const small = { maxFileLines: 20, maxFunctionLines: 5 };

describe('the size limits checker', () => {
  it('uses the project limits by default', () => {
    expect([MAX_FILE_LINES, MAX_FUNCTION_LINES]).toEqual([400, 80]);
    expect(checkSource('ok.ts', `export function f() {\n${body(77)}\n}\n`)).toEqual([]);
    expect(checkSource('long.ts', `export function f() {\n${body(79)}\n}\n`)).toMatchObject([
      { kind: 'function', name: 'f', lines: 81, line: 1 },
    ]);
  });

  it('finds every kind of function, exported or not, with its name and line', () => {
    const text = [
      'export function declared() {',
      body(5),
      '}',
      'const arrow = () => {',
      body(5),
      '};',
      'export default function () {',
      body(5),
      '}',
      'class Thing {',
      '  method() {',
      body(5),
      '  }',
      '  get value() {',
      body(5),
      '    return 1;',
      '  }',
      '  constructor() {',
      body(5),
      '  }',
      '}',
      'const obj = { handler: function () {',
      body(5),
      '} };',
      'export const Component = ({ a }: { a: string }) => (',
      '  <div>',
      ...Array.from({ length: 5 }, (_, i) => `    <p>{a}${i}</p>`),
      '  </div>',
      ');',
    ].join('\n');
    const found = checkSource('kinds.tsx', text, { ...small, maxFileLines: 1000 });
    expect(found.map((o) => [o.name, o.line])).toEqual([
      ['declared', 1],
      ['arrow', 8],
      ['default', 15],
      ['method', 23],
      ['value', 30],
      ['constructor', 38],
      ['handler', 46],
      ['Component', 53],
    ]);
    expect(found.every((o) => o.kind === 'function')).toBe(true);
  });

  it('does not count blank lines, in functions or files', () => {
    expect(checkSource('spaced.ts', `function f() {\n${body(3, 3)}\n}\n`, small)).toEqual([]);
    expect(checkSource('spaced.ts', `function f() {\n${body(4, 3)}\n}\n`, small)).toMatchObject([{ lines: 6 }]);
    const file = Array.from({ length: 20 }, (_, i) => `export const c${i} = ${i};\n`).join('\n');
    expect(checkSource('file.ts', file, small)).toEqual([]);
    expect(checkSource('file.ts', `${file}export const extra = 1;\n`, small)).toMatchObject([
      { kind: 'file', line: 1, lines: 21, max: 20 },
    ]);
  });

  it('counts nested functions on their own and in the function around them', () => {
    const text = `function outer() {\n  const inner = () => {\n${body(5)}\n  };\n  return inner;\n}\n`;
    expect(checkSource('nested.ts', text, small).map((o) => [o.name, o.line, o.lines])).toEqual([
      ['outer', 1, 10],
      ['inner', 2, 7],
    ]);
  });

  it('ignores declarations without a body (overloads, abstract methods)', () => {
    const text = `export function f(a: string): void;\nexport function f(a: number): void;\nexport function f(a: unknown) {\n  return a;\n}\n`;
    expect(checkSource('overloads.ts', text, small)).toEqual([]);
  });

  it('reports each offender as file:line', () => {
    const [fn] = checkSource('lib/x.ts', `\n\nfunction big() {\n${body(5)}\n}\n`, small);
    expect(describeOffender(fn!)).toBe('lib/x.ts:3 function big has 7 lines (limit 5)');
    const [file] = checkSource('lib/y.ts', 'const a = 1;\n'.repeat(21), small);
    expect(describeOffender(file!)).toBe('lib/y.ts:1 file has 21 lines (limit 20)');
  });
});
