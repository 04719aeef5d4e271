import { z } from 'zod';

// Zod building blocks for the API's shared field rules (the server's serializers), used by the
// forms of several features.

/** A money amount as the API takes it: 0 or more, at most 2 decimals, at most 12 digits before. */
export const moneySchema = z
  .string()
  .trim()
  .regex(/^\d{1,12}(\.\d{1,2})?$/, 'An amount of 0 or more with at most 2 decimals');

/** A quantity: at most 9 digits before the point and 3 after. */
export const QUANTITY_PATTERN = /^\d{1,9}(\.\d{1,3})?$/;

/** An ISO 4217 code, upper-cased. */
export const currencySchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z]{3}$/, 'A 3-letter currency code, such as USD')
  .transform((value) => value.toUpperCase());

/** A <select> of ids: '' is null, anything else a positive integer. */
export const optionalIdSchema = z
  .string()
  .transform((value) => (value ? Number(value) : null))
  .pipe(z.number().int().positive().nullable());
