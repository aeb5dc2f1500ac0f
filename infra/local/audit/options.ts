import { InvalidArgumentError } from 'commander';
import type * as z from 'zod';

/** A commander parser from a zod schema: the error names the option and what it expects. */
export function viaSchema<S extends z.ZodType>(schema: S) {
  return (value: string): z.output<S> => {
    const result = schema.safeParse(value);
    if (!result.success) throw new InvalidArgumentError(`expected ${schema.description ?? 'a valid value'}`);
    return result.data;
  };
}

/** A commander parser for a closed list: an unknown value is named, with the known ones. */
export function oneOf<T extends string>(what: string, known: readonly T[]) {
  return (value: string): T => {
    if ((known as readonly string[]).includes(value)) return value as T;
    throw new InvalidArgumentError(`no ${what} '${value}' (known: ${known.join(', ')})`);
  };
}

/** Options every command has (declared on the program). */
export interface GlobalOptions {
  dataDir?: string;
}
