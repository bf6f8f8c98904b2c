import { describe, expect, it } from 'vitest';
import {
  checkDesignUrl,
  checkProductCode,
  isDefaultOptionName,
  linkFitsItem,
  linkKey,
  makeLink,
  optionNameKey,
  resolveLink,
  siblingSuggestions,
  sizeOf,
} from '@/lib/links';
import type { Link } from '@/lib/types';

const now = new Date('2026-11-27T00:00:00.000Z');

describe('links', () => {
  it('checks product codes and normalises case', () => {
    expect(checkProductCode(' jh001-jbk-l ')).toEqual({ ok: true, pn: 'JH001-JBK-L' });
    expect(checkProductCode('').ok).toBe(false);
    expect(checkProductCode('JH001 JBK L')).toMatchObject({
      ok: false,
      message: expect.stringContaining('does not look like an Inkthreadable product code'),
    });
    expect(checkProductCode('<script>').ok).toBe(false);
  });

  it('accepts https design URLs only', () => {
    expect(checkDesignUrl('https://cdn.example.com/a b.png')).toEqual({
      ok: true,
      url: 'https://cdn.example.com/a%20b.png',
    });
    expect(checkDesignUrl('http://cdn.example.com/a.png')).toMatchObject({
      ok: false,
      message: expect.stringContaining('https://'),
    });
    expect(checkDesignUrl('javascript:alert(1)').ok).toBe(false);
    expect(checkDesignUrl('data:image/png;base64,AAAA').ok).toBe(false);
    expect(checkDesignUrl('front.png').ok).toBe(false);
  });

  it('makes links, or says what is missing', () => {
    const base = {
      productId: '1',
      optionId: '2',
      productName: 'Hoodie',
      optionName: 'Black / L',
      pn: 'JH001-JBK-L',
      designs: { front: 'https://x.example/f.png', back: '' },
      neverFulfil: false,
    };
    const made = makeLink(base, now);
    expect(made).toMatchObject({
      ok: true,
      link: { key: '1|2', pn: 'JH001-JBK-L', designs: { front: 'https://x.example/f.png' } },
    });
    expect(makeLink({ ...base, designs: {} }, now)).toMatchObject({
      ok: false,
      message: expect.stringContaining('at least one design'),
    });
    expect(makeLink({ ...base, designs: { back: 'http://x' } }, now)).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^Back design: /),
    });
    expect(makeLink({ ...base, pn: '', designs: {}, neverFulfil: true }, now)).toMatchObject({
      ok: true,
      link: { neverFulfil: true, pn: '' },
    });
  });

  it('resolves an option link before the product link', () => {
    const l = (productId: string, optionId: string | null, pn: string): Link => ({
      key: linkKey(productId, optionId),
      productId,
      optionId,
      productName: '',
      optionName: '',
      pn,
      designs: {},
      mockups: {},
      neverFulfil: false,
      updatedAt: '',
    });
    const links = new Map([l('1', null, 'PRODUCT'), l('1', 'a', 'OPTION')].map((x) => [x.key, x]));
    const it = (optionId: string | null, productId: string | null = '1') => ({
      id: 'i',
      productId,
      optionId,
      productName: '',
      optionName: '',
      quantity: 1,
      price: 1,
      imageUrl: null,
    });
    expect(resolveLink(it('a'), links)!.pn).toBe('OPTION');
    expect(resolveLink(it('b'), links)!.pn).toBe('PRODUCT');
    expect(resolveLink(it(null), links)!.pn).toBe('PRODUCT');
    expect(resolveLink(it('a', null), links)).toBeNull();
  });

  it('treats "" and Default as the same option name (a product without options)', () => {
    expect(optionNameKey('Default')).toBe(optionNameKey(''));
    expect(optionNameKey(' default ')).toBe('');
    expect(optionNameKey('Default Black')).not.toBe('');
    expect(isDefaultOptionName('DEFAULT')).toBe(true);
    expect(isDefaultOptionName('Black / L')).toBe(false);
    expect(linkFitsItem({ optionId: '50', optionName: 'Default' }, '')).toBe(true);
    expect(linkFitsItem({ optionId: '50', optionName: 'Default' }, 'Black / L')).toBe(false);

    // Linked from Products (the API's option name `Default`); the order's item says "".
    const fromProducts: Link = {
      key: linkKey('13', '50'),
      productId: '13',
      optionId: '50',
      productName: 'Sticker',
      optionName: 'Default',
      pn: 'STICKER-A6',
      designs: {},
      mockups: {},
      neverFulfil: false,
      updatedAt: '',
    };
    const links = new Map([[fromProducts.key, fromProducts]]);
    const item = (optionId: string | null, optionName: string) => ({
      id: 'i',
      productId: '13',
      optionId,
      productName: 'Sticker',
      optionName,
      quantity: 1,
      price: 1,
      imageUrl: null,
    });
    expect(resolveLink(item('50', ''), links)?.pn).toBe('STICKER-A6');
    // No option relationship at all (a null product_option): found by the name bought, "".
    expect(resolveLink(item(null, ''), links)?.pn).toBe('STICKER-A6');
    expect(resolveLink(item(null, 'Default'), links)?.pn).toBe('STICKER-A6');
    // Another option's name never takes it.
    expect(resolveLink(item(null, 'Black / L'), links)).toBeNull();
    expect(resolveLink(item('50', 'Black / L'), links)).toBeNull();

    // Linked from an order page (name ""), then matched against the products API's `Default`.
    const fromOrder: Link = { ...fromProducts, optionName: '' };
    expect(resolveLink({ ...item('50', 'Default') }, new Map([[fromOrder.key, fromOrder]]))?.pn).toBe('STICKER-A6');
  });

  it('suggests the other sizes with the size part of the code swapped', () => {
    expect(sizeOf('Black / L')).toBe('L');
    expect(sizeOf('XL')).toBe('XL');
    expect(sizeOf('Large')).toBe('L');
    expect(sizeOf('A3')).toBeNull();
    const options = [
      { id: 'm', name: 'Black / M' },
      { id: 'l', name: 'Black / L' },
      { id: 'xl', name: 'Black / XL' },
      { id: 'wm', name: 'White / M' },
      { id: 'a3', name: 'A3' },
    ];
    expect(siblingSuggestions({ optionName: 'Black / L', pn: 'JH001-JBK-L' }, options)).toEqual([
      { optionId: 'm', optionName: 'Black / M', pn: 'JH001-JBK-M' },
      { optionId: 'xl', optionName: 'Black / XL', pn: 'JH001-JBK-XL' },
    ]);
    // The code does not end with the size: no guess.
    expect(siblingSuggestions({ optionName: 'Black / L', pn: 'JH001-JBK' }, options)).toEqual([]);
  });
});
