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
