export { sign } from './sign';
export {
  InkClient,
  buildQuery,
  encodeQueryValue,
  serialiseCreateOrderBody,
  type InkCredentials,
  type InkResult,
} from './client';
export type { InkCreateOrderBody, InkOrder } from './schemas';
