export { sign } from './sign';
export {
  InkClient,
  INK_BASE_URL,
  INK_CHECK_CREDENTIALS,
  INK_MAX_LIMIT,
  buildQuery,
  encodeQueryValue,
  serialiseCreateOrderBody,
  type InkClientOptions,
  type InkCountQuery,
  type InkCredentials,
  type InkListQuery,
  type InkResult,
  type InkSkipped,
} from './client';
export type { InkCreateOrderBody, InkOrder, InkShippingMethod } from './schemas';
