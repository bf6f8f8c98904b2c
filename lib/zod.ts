/**
 * The zod every schema of the extension uses: zod/mini, whose functions (rather than classic
 * zod's method chains) let the bundles keep only the validators they use. zod/mini says only
 * "Invalid input" until messages are set; they are set here, once, before any schema module can
 * parse (every schema module imports this one). The merchant reads them in send and shipment
 * errors, so they say what was expected; a few lines of our own in place of zod's English locale
 * (1 KB gzipped of the worker's bundle, mostly formats the extension never checks).
 */
import * as z from 'zod/mini';

z.config({
  localeError: (issue) => {
    switch (issue.code) {
      case 'invalid_type':
        return `Invalid input: expected ${issue.expected}`;
      case 'invalid_value':
        return `Invalid input: expected ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}`;
      case 'too_big':
        return `Too big: expected ${issue.origin === 'string' ? 'at most' : '<='} ${issue.maximum}${issue.origin === 'string' ? ' characters' : ''}`;
      case 'too_small':
        return `Too small: expected ${issue.origin === 'string' ? 'at least' : '>='} ${issue.minimum}${issue.origin === 'string' ? ' characters' : ''}`;
      case 'invalid_format':
        return `Invalid ${issue.format}`;
      case 'unrecognized_keys':
        return `Unrecognized key: ${issue.keys.join(', ')}`;
      default:
        return 'Invalid input';
    }
  },
});

export { z };

const NO_CONTEXT = { async: false } as const;

/**
 * z.record(key, value) for string keys, as zod checks one: a plain object whose own enumerable
 * keys (`__proto__` left out) each pass `key` and whose values each pass `value`, with the same
 * issues (`invalid_type` expected record, `invalid_key` with the key's issues, the value's issues
 * under its key) and the same output. Made of the pipe and transform the schemas use anyway:
 * zod's own record class is half a kilobyte gzipped of the worker.
 */
export function record<V extends z.ZodMiniType>(key: z.ZodMiniType<string>, value: V) {
  return z.pipe(
    z.unknown(),
    z.transform((input, ctx) => {
      const out: Record<string, z.output<V>> = {};
      if (!z.util.isPlainObject(input)) {
        ctx.issues.push({ code: 'invalid_type', expected: 'record', input });
        return out;
      }
      for (const k of Reflect.ownKeys(input)) {
        if (k === '__proto__' || !Object.prototype.propertyIsEnumerable.call(input, k)) continue;
        const keyResult = key._zod.run({ value: k, issues: [] }, NO_CONTEXT) as z.core.ParsePayload<string>;
        if (keyResult.issues.length) {
          const issues = keyResult.issues.map((i) => z.util.finalizeIssue(i, NO_CONTEXT, z.config()));
          ctx.issues.push({ code: 'invalid_key', origin: 'record', issues, input: k, path: [k] });
          continue;
        }
        const result = value._zod.run({ value: input[k], issues: [] }, NO_CONTEXT) as z.core.ParsePayload;
        ctx.issues.push(...z.util.prefixIssues(k, result.issues));
        out[keyResult.value] = result.value as z.output<V>;
      }
      return out;
    }),
  );
}

/**
 * z._default(schema, value), as zod applies one: a missing or undefined value is a fresh shallow
 * copy of `value` (not checked), anything else is checked by `schema`. Made of the kinds the
 * schemas use anyway, in place of zod's own default class.
 */
export function withDefault<S extends z.ZodMiniType>(schema: S, value: z.output<S>) {
  return z.pipe(
    z.optional(schema),
    z.transform((v): z.output<S> => (v === undefined ? z.util.shallowClone(value) : v)),
  );
}
