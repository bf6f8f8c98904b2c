/**
 * zod schemas for Big Cartel's JSON:API replies. Structure is checked here (a document has
 * `data`; resources have an id); the meaning (resolving `included`, defaults, consistency checks)
 * is in normalise.ts. Liberal: attributes may be missing or null, ids may be numbers, relationship
 * types come singular or plural.
 */
import { record, z } from '../zod';

/** An id: non-empty string, or an integer (as a string). */
const bcId = z.union([
  z.string().check(z.refine((s) => s.trim().length > 0, 'empty id')),
  z.pipe(z.number().check(z.int()), z.transform(String)),
]);

/** `{type, id}`. `type` may be missing (taken as unknown). */
const resourceIdentifier = z.looseObject({
  type: z.optional(z.string()),
  id: bcId,
});

/** A to-one relationship: `{data: {type,id}}`, `{data: null}`, or missing. */
export const toOneRelationship = z.looseObject({
  data: z.nullish(resourceIdentifier),
});

/** A to-many relationship: `{data: [{type,id}, ...]}`. */
export const toManyRelationship = z.looseObject({
  data: z.array(resourceIdentifier),
});

const objectRecord = record(z.string(), z.unknown());

/** A resource object. `attributes`/`relationships` may be missing or null (-> {}). */
export const resourceObject = z.looseObject({
  id: bcId,
  type: z.optional(z.string()),
  attributes: z.pipe(
    z.nullish(objectRecord),
    z.transform((v) => v ?? {}),
  ),
  relationships: z.pipe(
    z.nullish(objectRecord),
    z.transform((v) => v ?? {}),
  ),
});
export type ResourceObject = z.infer<typeof resourceObject>;

/** `schema`'s value, or null when the value does not fit it (missing stays missing). */
const orNull = <T extends z.ZodMiniType>(schema: T) =>
  z.pipe(
    z.optional(z.unknown()),
    z.transform((v): z.output<T> | null => {
      const r = schema.safeParse(v);
      return r.success ? r.data : null;
    }),
  );

/** A JSON:API document: `data` is one object or an array; the rest is optional. */
export const jsonApiDocument = z.looseObject({
  data: z.union([z.array(z.unknown()), objectRecord]),
  included: z.pipe(
    z.nullish(z.array(z.unknown())),
    z.transform((v) => v ?? []),
  ),
  links: orNull(z.nullish(z.looseObject({ next: orNull(z.nullish(z.string())) }))),
  meta: orNull(z.nullish(z.looseObject({ count: z.optional(z.unknown()) }))),
});
export type JsonApiDocument = z.infer<typeof jsonApiDocument>;

/** JSON:API error document, for messages on 4xx: `{errors: [{title, detail}]}`. */
export const jsonApiErrors = z.looseObject({
  errors: z.array(
    z.looseObject({
      title: z.nullish(z.string()),
      detail: z.nullish(z.string()),
    }),
  ),
});

/** What createShipment sends (strict). */
export const shipmentInput = z.object({
  items: z
    .array(
      z.object({
        lineItemId: z.string().check(z.refine((s) => s.trim().length > 0, 'a line item id is needed')),
        quantity: z.number().check(z.int(), z.positive()),
      }),
    )
    .check(z.minLength(1, 'a shipment needs at least one item')),
  carrier: z.string(),
  trackingNumber: z.string(),
  trackingUrl: z.optional(
    z.string().check(
      z.refine((s) => {
        try {
          const p = new URL(s).protocol;
          return p === 'https:' || p === 'http:';
        } catch {
          return false;
        }
      }, 'the tracking link must be a web address'),
    ),
  ),
  notifyCustomer: z.boolean(),
});
