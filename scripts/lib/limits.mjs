// The size limits of lib/ and components/, measured with the TypeScript compiler's own parser:
// no file over 400 lines and no function over 80 (function declarations and expressions, arrows,
// methods, accessors and constructors, exported or not, components included), blank lines not
// counted. Shared by scripts/check-limits.mjs (`npm run limits`) and its unit test.
import ts from 'typescript';

export const MAX_FILE_LINES = 400;
export const MAX_FUNCTION_LINES = 80;

/**
 * @typedef {{ file: string, line: number, kind: 'file' | 'function', name: string, lines: number, max: number }} Offender
 * @typedef {{ maxFileLines?: number, maxFunctionLines?: number }} Limits
 */

/**
 * Non-blank lines of `text` between two 0-based line numbers, both included.
 * @param {string[]} lines @param {number} first @param {number} last
 */
function countLines(lines, first, last) {
  let n = 0;
  for (let i = first; i <= last; i++) if ((lines[i] ?? '').trim() !== '') n++;
  return n;
}

/** @param {ts.Node} node @returns {node is ts.FunctionLikeDeclaration} */
function isFunction(node) {
  return (
    ts.isFunctionDeclaration(node) ||
    ts.isFunctionExpression(node) ||
    ts.isArrowFunction(node) ||
    ts.isMethodDeclaration(node) ||
    ts.isConstructorDeclaration(node) ||
    ts.isGetAccessorDeclaration(node) ||
    ts.isSetAccessorDeclaration(node)
  );
}

/**
 * A readable name for a function: its own, or the variable, property or class member it is
 * assigned to, or `(anonymous)`.
 * @param {ts.FunctionLikeDeclaration} node @param {ts.SourceFile} source
 */
function nameOf(node, source) {
  if (ts.isConstructorDeclaration(node)) return 'constructor';
  if (node.name) return node.name.getText(source);
  const parent = node.parent;
  if (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) {
    return parent.name.getText(source);
  }
  const isDefault =
    ts.canHaveModifiers(node) && ts.getModifiers(node)?.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
  if (isDefault || ts.isExportAssignment(parent)) return 'default';
  return '(anonymous)';
}

/**
 * Every limit one source file breaks.
 * @param {string} file the name to report (and to pick the parser by: .ts, .tsx, .js, .mjs)
 * @param {string} text the file's contents
 * @param {Limits} [limits]
 * @returns {Offender[]}
 */
export function checkSource(file, text, limits = {}) {
  const maxFile = limits.maxFileLines ?? MAX_FILE_LINES;
  const maxFunction = limits.maxFunctionLines ?? MAX_FUNCTION_LINES;
  const kind = file.endsWith('.tsx') ? ts.ScriptKind.TSX : file.endsWith('.ts') ? ts.ScriptKind.TS : ts.ScriptKind.JSX;
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, kind);
  const lines = text.split(/\r?\n/);
  /** @type {Offender[]} */
  const found = [];
  const fileLines = countLines(lines, 0, lines.length - 1);
  if (fileLines > maxFile) found.push({ file, line: 1, kind: 'file', name: file, lines: fileLines, max: maxFile });
  /** @param {ts.Node} node */
  const visit = (node) => {
    if (isFunction(node) && node.body) {
      const first = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
      const last = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      const n = countLines(lines, first, last);
      if (n > maxFunction) {
        found.push({ file, line: first + 1, kind: 'function', name: nameOf(node, source), lines: n, max: maxFunction });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** @param {Offender} o */
export function describeOffender(o) {
  return o.kind === 'file'
    ? `${o.file}:${o.line} file has ${o.lines} lines (limit ${o.max})`
    : `${o.file}:${o.line} function ${o.name} has ${o.lines} lines (limit ${o.max})`;
}
