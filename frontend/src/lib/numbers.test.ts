import { describe, expect, it } from 'vitest';

import { parseLocaleNumber, PRICE_RULES, QUANTITY_RULES } from './numbers';

const price = (text: string) => parseLocaleNumber(text, PRICE_RULES);
const quantity = (text: string) => parseLocaleNumber(text, QUANTITY_RULES);

describe('parseLocaleNumber', () => {
  it.each([
    ['12,50', '12.50'],
    ['1.234,50', '1234.50'],
    ['1,234.50', '1234.50'],
    ['1 234,50', '1234.50'],
    ["1'234.50", '1234.50'],
    ['$249', '249'],
    ['249 €', '249'],
    ['1,234,567', '1234567'],
    ['0,5', '0.5'],
    ['007', '7'],
    ['.5', '0.5'],
  ])('reads %s as %s', (text, value) => {
    expect(price(text)).toEqual({ ok: true, value });
  });

  it.each([
    ['1,234', 'Ambiguous: write 1234 or 1.234.'],
    ['12.345', 'At most 2 decimals.'],
    ['-3', 'Must not be negative.'],
    ['abc', 'Not a number: use digits, with a point or comma before the decimals.'],
    ['1,23,4', 'Not a number: thousands are grouped by three digits.'],
    ['1.2.3,4,5', 'Not a number: two decimal separators.'],
    ['10000000000000', 'Too large.'],
    ['', 'Enter a number.'],
  ])('refuses %s with a sentence', (text, error) => {
    expect(price(text)).toEqual({ ok: false, error });
  });

  it('wants a quantity above zero with at most 3 decimals', () => {
    expect(quantity('0')).toEqual({ ok: false, error: 'Must be greater than 0.' });
    expect(quantity('-1')).toEqual({ ok: false, error: 'Must be greater than 0.' });
    expect(quantity('1,2345')).toEqual({ ok: false, error: 'At most 3 decimals.' });
    expect(quantity('2,5')).toEqual({ ok: true, value: '2.5' });
  });
});
