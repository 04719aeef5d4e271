import { centsToDecimal, dayAfter, formatMoney, lineTotalCents } from './format';

describe('lineTotalCents', () => {
  it.each([
    ['3', '24.50', 7350n],
    ['2', '89', 17800n],
    ['0.1', '0.30', 3n],
    ['1.005', '1.00', 101n], // half up, where the float product is 1.00499…
    ['0.333', '0.01', 0n],
    ['0.5', '0.01', 1n], // exactly half a cent rounds up
    ['999999999', '99999999.99', 9999999989000000001n],
  ])('%s × %s = %s cents', (quantity, price, cents) => {
    expect(lineTotalCents(quantity, price)).toBe(cents);
  });

  it.each([
    ['', '1'],
    ['1', ''],
    ['-1', '1'],
    ['1.0001', '1'],
    ['1', '1.001'],
    ['1e3', '1'],
  ])('has no total for %j × %j', (quantity, price) => {
    expect(lineTotalCents(quantity, price)).toBeNull();
  });
});

describe('money display', () => {
  it('writes cents as a decimal string', () => {
    expect(centsToDecimal(25150n)).toBe('251.50');
    expect(centsToDecimal(5n)).toBe('0.05');
    expect(centsToDecimal(-120n)).toBe('-1.20');
  });

  it('formats a decimal string without float rounding', () => {
    expect(formatMoney('251.50', 'USD')).toBe('$251.50');
    expect(formatMoney('99999999890000000.01', 'USD')).toBe('$99,999,999,890,000,000.01');
    expect(formatMoney(null, 'USD')).toBe('—');
  });
});

describe('dayAfter', () => {
  it.each([
    ['2026-01-31', '2026-02-01'],
    ['2028-02-28', '2028-02-29'],
    ['2026-12-31', '2027-01-01'],
    ['not a date', 'not a date'],
  ])('%s -> %s', (day, next) => {
    expect(dayAfter(day)).toBe(next);
  });
});
