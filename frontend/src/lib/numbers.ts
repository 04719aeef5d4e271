/**
 * Numbers as people type them: "12,50", "1.234,50", "1,234.50", "1 234,50", "1'234.50", "$249".
 * Answers the plain decimal the API takes ("1234.50"), or a sentence that says what is wrong.
 */
export type ParsedNumber = { ok: true; value: string } | { ok: false; error: string };

const CURRENCY_MARKS = /[$€£¥₹]|\b[A-Z]{3}\b/g;
const SPACES = /[\s\u00a0\u202f']/g;

export function parseLocaleNumber(
  input: string,
  { decimals, max, positive = false }: { decimals: number; max: number; positive?: boolean },
): ParsedNumber {
  let text = input.replace(CURRENCY_MARKS, '').replace(SPACES, '');
  if (!text) return { ok: false, error: 'Enter a number.' };
  if (text.startsWith('-')) return { ok: false, error: positive ? 'Must be greater than 0.' : 'Must not be negative.' };
  if (!/^[\d.,]+$/.test(text))
    return { ok: false, error: 'Not a number: use digits, with a point or comma before the decimals.' };
  const commas = text.split(',').length - 1;
  const points = text.split('.').length - 1;
  if (commas && points) {
    // Both: whichever comes last separates the decimals, the other groups thousands.
    const decimalMark = text.lastIndexOf(',') > text.lastIndexOf('.') ? ',' : '.';
    const group = decimalMark === ',' ? '.' : ',';
    if (text.split(decimalMark).length - 1 > 1) return { ok: false, error: 'Not a number: two decimal separators.' };
    text = text.split(group).join('').replace(decimalMark, '.');
  } else if (commas > 1 || points > 1) {
    const mark = commas > 1 ? ',' : '.';
    if (
      !text
        .split(mark)
        .slice(1)
        .every((group) => group.length === 3)
    ) {
      return { ok: false, error: 'Not a number: thousands are grouped by three digits.' };
    }
    text = text.split(mark).join('');
  } else if (commas === 1) {
    const [whole, fraction = ''] = text.split(',');
    if (fraction.length === 3 && whole !== '0' && whole !== '') {
      // "1,234" is 1234 in English and 1.234 in German: ask rather than guess.
      return { ok: false, error: `Ambiguous: write ${whole}${fraction} or ${whole}.${fraction}.` };
    }
    text = `${whole}.${fraction}`;
  }
  if (text.startsWith('.')) text = `0${text}`;
  if (text.endsWith('.')) text = text.slice(0, -1);
  const match = /^(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) return { ok: false, error: 'Not a number.' };
  const whole = (match[1] ?? '').replace(/^0+(?=\d)/, '');
  const fraction = match[2] ?? '';
  if (fraction.length > decimals) return { ok: false, error: `At most ${decimals} decimals.` };
  const value = fraction ? `${whole}.${fraction}` : whole;
  if (Number(value) > max) return { ok: false, error: 'Too large.' };
  if (positive && Number(value) <= 0) return { ok: false, error: 'Must be greater than 0.' };
  return { ok: true, value };
}

export const QUANTITY_RULES = { decimals: 3, max: 999_999_999.999, positive: true };
export const PRICE_RULES = { decimals: 2, max: 999_999_999_999.99 };
