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

export type ShippingSource = 'order' | 'country' | 'default' | 'unknown-country';

/**
 * `unknown-country`: Big Cartel did not say (in a form the extension can read) which country the
 * order ships to while per-country methods are set, so the store default may be the wrong one:
 * the order waits for the merchant to choose its method. Never a silent default.
 */
export function chooseShipping(
  defaults: ShippingDefaults,
  order: Pick<BcOrder, 'address'>,
  choice: ShippingMethod | null,
): { method: ShippingMethod; source: ShippingSource } {
  if (choice) return { method: choice, source: 'order' };
  const code = order.address.countryCode.toUpperCase();
  if (!code && Object.keys(defaults.overrides).length > 0)
    return { method: defaults.default, source: 'unknown-country' };
  const byCode = code ? defaults.overrides[code] : undefined;
  if (byCode) return { method: byCode, source: 'country' };
  return { method: defaults.default, source: 'default' };
}

/** Why an order cannot go out with the shipping as it stands, in words; '' when it can. */
export function shippingWait(
  defaults: ShippingDefaults,
  order: Pick<BcOrder, 'address'>,
  choice: ShippingMethod | null,
): string {
  if (chooseShipping(defaults, order, choice).source !== 'unknown-country') return '';
  const where = order.address.countryName ? ` (it names "${order.address.countryName}" but no country code)` : '';
  return `Big Cartel did not say which country this order ships to${where}, so the per-country shipping method cannot be chosen. Choose the shipping method for this order, then send it.`;
}

/** English name of a country code, for display ("DE" -> "Germany"). */
export function countryName(code: string): string {
  try {
    return new Intl.DisplayNames(['en'], { type: 'region' }).of(code.toUpperCase()) ?? code;
  } catch {
    return code;
  }
}
