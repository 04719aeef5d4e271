import { ApiError } from './api-client';
import { applyServerErrors, flattenFieldErrors } from './form-errors';

describe('flattenFieldErrors', () => {
  it('turns DRF nested errors into dotted paths with one message each', () => {
    expect(
      flattenFieldErrors({
        title: ['Required.', 'Too short.'],
        items: [{}, { quantity: ['Too many digits.'], unit_price: ['Negative.'] }],
        non_field_errors: ['Inactive vendor.'],
      }),
    ).toEqual({
      title: 'Required. Too short.',
      'items.1.quantity': 'Too many digits.',
      'items.1.unit_price': 'Negative.',
      non_field_errors: 'Inactive vendor.',
    });
  });

  it('keeps a list-level message on the list itself', () => {
    expect(flattenFieldErrors({ items: ['Add at least one item.'] })).toEqual({ items: 'Add at least one item.' });
  });
});

describe('applyServerErrors', () => {
  const fields = ['title', 'items'] as const;

  it('sets the errors of known fields and returns the rest for the form', () => {
    const setError = vi.fn();
    const error = new ApiError(400, {
      code: 'validation_error',
      detail: 'Invalid input.',
      fields: {
        title: ['Taken.'],
        items: [{ quantity: ['Bad.'] }],
        vendor_code: ['Unknown.'],
        non_field_errors: ['Closed period.'],
      },
    });

    expect(applyServerErrors(error, setError, fields)).toBe('Unknown. Closed period.');
    expect(setError).toHaveBeenCalledTimes(2);
    expect(setError).toHaveBeenCalledWith('title', { type: 'server', message: 'Taken.' });
    expect(setError).toHaveBeenCalledWith('items.0.quantity', { type: 'server', message: 'Bad.' });
  });

  it('returns null when every error landed on a field', () => {
    const error = new ApiError(400, {
      code: 'validation_error',
      detail: 'Invalid input.',
      fields: { title: ['Taken.'] },
    });
    expect(applyServerErrors(error, vi.fn(), fields)).toBeNull();
  });

  it('returns the detail of an error without fields, and a message for anything else', () => {
    const setError = vi.fn();
    expect(
      applyServerErrors(
        new ApiError(409, { code: 'spending_limit_exceeded', detail: 'Over your limit.' }),
        setError,
        fields,
      ),
    ).toBe('Over your limit.');
    expect(applyServerErrors(new TypeError('Failed to fetch'), setError, fields)).toBe('Failed to fetch');
    expect(applyServerErrors('boom', setError, fields)).toBe('Something went wrong.');
    expect(setError).not.toHaveBeenCalled();
  });
});
