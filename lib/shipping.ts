/**
 * Shipping method for an order: the merchant's choice for this order, else the override for its
 * country, else the store default. Mirrors Big Cartel's one method per country; Inkthreadable
 * cannot change the method after the order is made, so it is shown before sending.
 */
import type { BcOrder, ShippingMethod } from './types';

export interface ShippingDefaults {
  default: ShippingMethod;
  /** ISO country code (upper case) -> method */
  overrides: Record<string, ShippingMethod>;
}

export const DEFAULT_SHIPPING: ShippingDefaults = { default: 'regular', overrides: {} };

export function chooseShipping(
  defaults: ShippingDefaults,
  order: Pick<BcOrder, 'address'>,
  choice: ShippingMethod | null,
): { method: ShippingMethod; source: 'order' | 'country' | 'default' } {
  if (choice) return { method: choice, source: 'order' };
  const code = order.address.countryCode.toUpperCase();
  const byCode = code ? defaults.overrides[code] : undefined;
  if (byCode) return { method: byCode, source: 'country' };
  return { method: defaults.default, source: 'default' };
}

/** English name of a country code, for display ("DE" -> "Germany"). */
export function countryName(code: string): string {
  try {
    return new Intl.DisplayNames(['en'], { type: 'region' }).of(code.toUpperCase()) ?? code;
  } catch {
    return code;
  }
}
