/**
 * The settings' one definition: the schema the worker checks stored and saved settings with, and
 * the `Settings` type inferred from it (the pages import the type only).
 */
import { record, withDefault, z } from './zod';
import { DEFAULT_SHIPPING } from './shipping';
import { SHIPPING_METHODS } from './types';

const method = z.enum(SHIPPING_METHODS);

export const settingsSchema = z.object({
  autoSend: withDefault(z.boolean(), true),
  /** ISO date (yyyy-mm-dd); null = 30 days before connecting */
  importSince: withDefault(z.nullable(z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/))), null),
  pollMinutes: withDefault(z.number().check(z.int(), z.minimum(1), z.maximum(60)), 1),
  notifications: withDefault(z.boolean(), true),
  markShipped: withDefault(z.boolean(), false),
  /** An order sent but unpaid at Inkthreadable this many hours is counted on the badge. */
  unpaidHours: withDefault(z.number().check(z.int(), z.minimum(1), z.maximum(720)), 24),
  brandName: withDefault(z.string().check(z.maxLength(100)), ''),
  shipping: withDefault(
    z.object({
      default: method,
      overrides: record(z.string().check(z.regex(/^[A-Z]{2}$/)), method),
    }),
    DEFAULT_SHIPPING,
  ),
});
export type Settings = z.infer<typeof settingsSchema>;
