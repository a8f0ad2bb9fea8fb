import { ValidateBy, type ValidationOptions } from 'class-validator';

export const MAX_DECIMAL_PLACES = 'maxDecimalPlaces';

/**
 * A finite number with at most `places` decimals. class-validator's own IsNumber({ maxDecimalPlaces }) reads the
 * decimals from `String(value)` and throws on exponent notation (1e-7, 1e+21), which turned such a body into a 500.
 */
export function hasAtMostDecimalPlaces(value: unknown, places: number): boolean {
  if (typeof value !== 'number' || !Number.isFinite(value)) return false;
  return Number(value.toFixed(places)) === value;
}

export function MaxDecimalPlaces(places: number, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: MAX_DECIMAL_PLACES,
      constraints: [places],
      validator: {
        validate: (value) => hasAtMostDecimalPlaces(value, places),
        defaultMessage: () => `$property must have at most ${places} decimal places`,
      },
    },
    options,
  );
}
