/**
 * zod schemas for Big Cartel's JSON:API replies. Structure is checked here (a document has
 * `data`; resources have an id); the meaning (resolving `included`, defaults, consistency checks)
 * is in normalise.ts. Liberal: attributes may be missing or null, ids may be numbers, relationship
 * types come singular or plural.
 */
import { z } from 'zod';

/** An id: non-empty string, or an integer (as a string). */
export const bcId = z.union([
  z.string().refine((s) => s.trim().length > 0, 'empty id'),
  z.number().int().transform(String),
]);

/** `{type, id}`. `type` may be missing (taken as unknown). */
export const resourceIdentifier = z.looseObject({
  type: z.string().optional(),
  id: bcId,
});
export type ResourceIdentifier = z.infer<typeof resourceIdentifier>;

/** A to-one relationship: `{data: {type,id}}`, `{data: null}`, or missing. */
export const toOneRelationship = z.looseObject({
  data: resourceIdentifier.nullish(),
});

/** A to-many relationship: `{data: [{type,id}, ...]}`. */
export const toManyRelationship = z.looseObject({
  data: z.array(resourceIdentifier),
});

const objectRecord = z.record(z.string(), z.unknown());

/** A resource object. `attributes`/`relationships` may be missing or null (-> {}). */
export const resourceObject = z.looseObject({
  id: bcId,
  type: z.string().optional(),
  attributes: objectRecord.nullish().transform((v) => v ?? {}),
  relationships: objectRecord.nullish().transform((v) => v ?? {}),
});
export type ResourceObject = z.infer<typeof resourceObject>;

/** A JSON:API document: `data` is one object or an array; the rest is optional. */
export const jsonApiDocument = z.looseObject({
  data: z.union([z.array(z.unknown()), objectRecord]),
  included: z
    .array(z.unknown())
    .nullish()
    .transform((v) => v ?? []),
  links: z
    .looseObject({ next: z.string().nullish().catch(null) })
    .nullish()
    .catch(null),
  meta: z
    .looseObject({ count: z.unknown().optional() })
    .nullish()
    .catch(null),
});
export type JsonApiDocument = z.infer<typeof jsonApiDocument>;

/** JSON:API error document, for messages on 4xx: `{errors: [{title, detail}]}`. */
export const jsonApiErrors = z.looseObject({
  errors: z.array(
    z.looseObject({
      title: z.string().nullish(),
      detail: z.string().nullish(),
    }),
  ),
});

/** What createShipment sends (strict). */
export const shipmentInput = z.object({
  items: z
    .array(
      z.object({
        lineItemId: z.string().refine((s) => s.trim().length > 0, 'a line item id is needed'),
        quantity: z.number().int().positive(),
      }),
    )
    .min(1, 'a shipment needs at least one item'),
  carrier: z.string(),
  trackingNumber: z.string(),
  trackingUrl: z
    .string()
    .refine((s) => {
      try {
        const p = new URL(s).protocol;
        return p === 'https:' || p === 'http:';
      } catch {
        return false;
      }
    }, 'the tracking link must be a web address')
    .optional(),
  notifyCustomer: z.boolean(),
});
