// @vitest-environment node
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { record, withDefault, z } from '@/lib/zod';

/** The key and value schemas the extension's records use (lib/requests.ts, lib/settings-schema.ts, the API schemas). */
const method = z.enum(['Standard', 'Express']);
const filled = z.string().check(z.refine((s) => s.trim().length > 0, 'a placement needs a name'));
const https = z.string().check(z.refine((s) => s.startsWith('https://'), 'must be an https:// address'));
const PAIRS: [string, z.ZodMiniType<string>, z.ZodMiniType][] = [
  ['any key, unknown value', z.string(), z.unknown()],
  ['short key, short text', z.string().check(z.maxLength(3)), z.string().check(z.maxLength(4))],
  ['country code, method', z.string().check(z.regex(/^[A-Z]{2}$/)), method],
  ['digits, unknown', z.string().check(z.regex(/^\d+$/)), z.unknown()],
  ['a name, an https address', filled, https],
];

const value = fc.oneof(
  fc.constantFrom('Standard', 'Express', 'https://x', 'abcdef', '', ' ', null, undefined, 1, true),
  fc.string({ maxLength: 6 }),
  fc.anything({ maxDepth: 1 }),
);
const key = fc.oneof(
  fc.constantFrom('GB', 'gb', '12', '007', '', ' ', '__proto__', 'constructor'),
  fc.string({ maxLength: 4 }),
);
const input = fc.oneof(
  fc.dictionary(key, value, { maxKeys: 5 }),
  fc.anything({ maxDepth: 2 }),
  fc.constantFrom(
    null,
    undefined,
    [],
    new Date(0),
    new Map(),
    Object.create(null),
    JSON.parse('{"__proto__":{"a":1},"b":"c"}'),
  ),
);

/** What a parse gives: success and output, or the issues in order (messages, paths, codes, nested issues). */
const outcome = (schema: z.ZodMiniType, v: unknown) => {
  const r = schema.safeParse(v);
  return r.success ? { ok: true, data: r.data } : { ok: false, issues: r.error.issues };
};

describe('record, in place of z.record', () => {
  for (const [name, k, v] of PAIRS) {
    it(`accepts, refuses and reports as z.record does: ${name}`, () => {
      fc.assert(
        fc.property(input, (raw) => {
          expect(outcome(record(k, v), raw)).toEqual(outcome(z.record(k, v), raw));
          // inside an object, and inside an array with a check of its own after the elements
          const inObject = (r: z.ZodMiniType) => z.object({ a: r, b: z.optional(z.string()) });
          expect(outcome(inObject(record(k, v)), { a: raw, b: 1 })).toEqual(
            outcome(inObject(z.record(k, v)), { a: raw, b: 1 }),
          );
          const inArray = (r: z.ZodMiniType) => z.array(r).check(z.maxLength(1));
          expect(outcome(inArray(record(k, v)), [raw, raw])).toEqual(outcome(inArray(z.record(k, v)), [raw, raw]));
        }),
        { numRuns: 400 },
      );
    });
  }

  it('keeps symbol and non-enumerable keys as z.record does', () => {
    const raw = { a: 'x' } as Record<PropertyKey, unknown>;
    raw[Symbol('s')] = 'y';
    Object.defineProperty(raw, 'hidden', { value: 5, enumerable: false });
    for (const [, k, v] of PAIRS) expect(outcome(record(k, v), raw)).toEqual(outcome(z.record(k, v), raw));
  });
});

describe('withDefault, in place of z._default', () => {
  /** The kinds the settings and credentials default (lib/settings-schema.ts, lib/worker/settings.ts). */
  const shipping = { default: 'Standard', overrides: {} as Record<string, string> };
  const DEFAULTS: [string, z.ZodMiniType, unknown][] = [
    ['a boolean', z.boolean(), true],
    ['a bounded integer', z.number().check(z.int(), z.minimum(1), z.maximum(60)), 1],
    ['a short string', z.string().check(z.maxLength(3)), ''],
    ['a nullable date', z.nullable(z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/))), null],
    ['an object', z.object({ default: method, overrides: record(z.string(), method) }), shipping],
  ];
  const raw = fc.oneof(
    fc.constantFrom(undefined, null, true, false, 0, 1, 60, 61, 1.5, '', 'abcd', '2024-01-02', shipping),
    fc.record({
      default: fc.constantFrom('Standard', 'x'),
      overrides: fc.dictionary(fc.string(), fc.constantFrom('Express', 1)),
    }),
    fc.anything({ maxDepth: 1 }),
  );
  for (const [name, schema, value] of DEFAULTS) {
    it(`gives and refuses what z._default gives and refuses: ${name}`, () => {
      const ours = z.object({ a: withDefault(schema, value) });
      const zods = z.object({ a: z._default(schema, value) });
      fc.assert(
        fc.property(raw, fc.boolean(), (v, present) => {
          const input = present ? { a: v } : {};
          expect(outcome(ours, input)).toEqual(outcome(zods, input));
          expect(outcome(withDefault(schema, value), v)).toEqual(outcome(z._default(schema, value), v));
        }),
        { numRuns: 300 },
      );
    });
  }

  it('gives a fresh copy of an object default every time, as z._default does', () => {
    const schema = withDefault(z.object({ overrides: record(z.string(), z.string()) }), { overrides: {} });
    const a = schema.parse(undefined);
    const b = schema.parse(undefined);
    expect(a).not.toBe(b);
    expect(a).toEqual({ overrides: {} });
  });
});

describe('the messages a refused value gets (the merchant reads them in send and shipment errors)', () => {
  const message = (schema: z.ZodMiniType, v: unknown) => schema.safeParse(v).error?.issues[0]?.message;

  it('says what was expected, in words', () => {
    expect(message(z.string(), 5)).toBe('Invalid input: expected string');
    expect(message(z.enum(['regular', 'courier']), 'x')).toBe('Invalid input: expected "regular" or "courier"');
    expect(message(z.literal('order'), 'x')).toBe('Invalid input: expected "order"');
    expect(message(z.string().check(z.maxLength(3)), 'abcd')).toBe('Too big: expected at most 3 characters');
    expect(message(z.number().check(z.maximum(60)), 61)).toBe('Too big: expected <= 60');
    expect(message(z.string().check(z.minLength(2)), 'a')).toBe('Too small: expected at least 2 characters');
    expect(message(z.number().check(z.minimum(1)), 0)).toBe('Too small: expected >= 1');
    expect(message(z.strictObject({ a: z.string() }), { a: 'x', b: 1, c: 2 })).toBe('Unrecognized key: b, c');
    expect(message(z.union([z.string(), z.number()]), null)).toBe('Invalid input');
  });
});
