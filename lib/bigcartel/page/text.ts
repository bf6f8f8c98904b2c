/**
 * Text folding: every string is compared in one "compact" form (NFKC, lower case, whitespace and
 * punctuation removed), with the removed characters remembered as word breaks.
 */

const KEEP = 0; // a letter, digit, mark or symbol: part of the compact text
const BREAK = 1; // whitespace, punctuation, control: dropped, and a word boundary
const SILENT = 2; // zero-width and soft hyphen: dropped, not a boundary

const classCache = new Map<string, number>();
function classify(ch: string): number {
  const c = ch.charCodeAt(0);
  if (ch.length === 1 && c < 128) return ASCII_CLASS[c]!;
  let k = classCache.get(ch);
  if (k === undefined) {
    k = /^[\p{L}\p{N}\p{M}\p{S}]+$/u.test(ch) ? KEEP : /^\p{Cf}+$/u.test(ch) ? SILENT : BREAK;
    if (classCache.size < 5000) classCache.set(ch, k);
  }
  return k;
}

const wordCache = new Map<number, boolean>();
/** Letters, digits and marks make words; symbols (`<`, `£`, `×`, emoji) do not. */
export function isWordUnit(code: number): boolean {
  if (code < 128) {
    return (code >= 48 && code <= 57) || (code >= 97 && code <= 122) || (code >= 65 && code <= 90);
  }
  let w = wordCache.get(code);
  if (w === undefined) {
    w = /^[\p{L}\p{N}\p{M}]$/u.test(String.fromCharCode(code));
    if (wordCache.size < 5000) wordCache.set(code, w);
  }
  return w;
}

const ASCII_CLASS = new Uint8Array(128).fill(BREAK);
for (let c = 0; c < 128; c++) {
  if ((c >= 48 && c <= 57) || (c >= 97 && c <= 122) || (c >= 65 && c <= 90)) ASCII_CLASS[c] = KEEP;
}
const ASCII_SYMBOLS = '$+<=>^`|~';
for (const ch of ASCII_SYMBOLS) ASCII_CLASS[ch.charCodeAt(0)] = KEEP;

/** Text made of ASCII only needs no Unicode normalisation. */
export const ASCII_ONLY = /^\p{ASCII}*$/u;

function fold(raw: string): string {
  let s = raw;
  if (!ASCII_ONLY.test(s)) {
    try {
      s = s.normalize('NFKC');
    } catch {
      /* keep */
    }
  }
  return s.toLowerCase();
}

/**
 * Compact text of a string; pushes its break flags onto `brk` (1 when a break precedes the
 * char). A surrogate pair is one character: its second unit never gets a break.
 */
export function compactInto(raw: string, brk: number[]): string {
  const s = fold(raw);
  let text = '';
  let pending = true;
  let run = -1;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let k: number;
    let w = 1;
    if (c < 128) k = ASCII_CLASS[c]!;
    else {
      let ch = s[i]!;
      if (c >= 0xd800 && c < 0xdc00 && i + 1 < s.length) {
        ch = s.slice(i, i + 2);
        w = 2;
      }
      k = classify(ch);
    }
    if (k === KEEP) {
      if (run < 0) run = i;
      brk.push(pending ? 1 : 0);
      if (w === 2) brk.push(0);
      pending = false;
    } else {
      if (run >= 0) {
        text += s.slice(run, i);
        run = -1;
      }
      if (k === BREAK) pending = true;
    }
    i += w - 1;
  }
  if (run >= 0) text += s.slice(run);
  return text;
}

/** Compact text of a string, with its break flags. */
export function compactWithBreaks(raw: string): { text: string; brk: number[] } {
  const brk: number[] = [];
  const text = compactInto(raw, brk);
  return { text, brk };
}

/** The compact form used as a search key: "Moth Logo Hoodie — Black / L" -> "mothlogohoodieblackl". */
export function compactText(raw: string): string {
  return compactWithBreaks(raw).text;
}

/** The words of a string in compact form: "Black / L" -> ["black", "l"]. */
export function compactWords(raw: string): string[] {
  const brk: number[] = [];
  const text = compactInto(raw, brk);
  const words: string[] = [];
  let from = 0;
  for (let i = 1; i <= text.length; i++) {
    if (i === text.length || brk[i]) {
      words.push(text.slice(from, i));
      from = i;
    }
  }
  return words;
}
