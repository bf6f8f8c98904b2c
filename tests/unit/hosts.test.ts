// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { ADMIN_MATCHES, ADMIN_ORIGINS, adminOriginOr, isAdminOrderUrl, isAdminOrigin } from '@/lib/hosts';
import { SHIPPING_METHODS } from '@/lib/types';
import { settingsSchema } from '@/lib/settings-schema';
import { parseRequest } from '@/lib/requests';

describe('the admin hosts, defined once', () => {
  it('gives the match patterns of both admin hosts', () => {
    expect(ADMIN_ORIGINS).toEqual(['https://my.bigcartel.com', 'https://app.bigcartel.com']);
    expect(ADMIN_MATCHES).toEqual(['https://my.bigcartel.com/*', 'https://app.bigcartel.com/*']);
  });

  it('accepts exactly the admin origins', () => {
    expect(isAdminOrigin('https://app.bigcartel.com')).toBe(true);
    for (const o of [
      'https://api.bigcartel.com',
      'http://my.bigcartel.com',
      'https://my.bigcartel.com/',
      'https://my.bigcartel.com:8443',
      3,
    ]) {
      expect(isAdminOrigin(o)).toBe(false);
    }
    expect(adminOriginOr('https://evil.example')).toBe('https://my.bigcartel.com');
  });

  it('knows an admin order page by its origin and path', () => {
    expect(isAdminOrderUrl('https://my.bigcartel.com/orders/MOTH-100234')).toBe(true);
    expect(isAdminOrderUrl('https://app.bigcartel.com/orders/1')).toBe(true);
    for (const url of [
      'https://my.bigcartel.com/products/1',
      'https://my.bigcartel.com.evil.example/orders/1',
      'http://my.bigcartel.com/orders/1',
      'https://evil.example/https://my.bigcartel.com/orders/1',
    ]) {
      expect(isAdminOrderUrl(url)).toBe(false);
    }
  });
});

describe('the shipping methods, defined once', () => {
  it('are what settings and requests accept, and nothing else', () => {
    for (const m of SHIPPING_METHODS) {
      expect(settingsSchema.safeParse({ shipping: { default: m, overrides: {} } }).success).toBe(true);
    }
    expect(settingsSchema.safeParse({ shipping: { default: 'collection', overrides: {} } }).success).toBe(false);
    for (const m of [...SHIPPING_METHODS, null]) {
      expect(parseRequest({ type: 'setOrderShipping', orderId: '1', method: m })).not.toBeNull();
    }
    expect(parseRequest({ type: 'setOrderShipping', orderId: '1', method: 'express' })).toBeNull();
  });
});
