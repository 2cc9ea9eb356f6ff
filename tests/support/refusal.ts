import { formatProblem, GeometryError } from '../../src/index.js';

/** The problems of the GeometryError `fn` throws, one line each (anything else is rethrown; no throw fails). */
export function refusal(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof GeometryError) return err.problems.map(formatProblem);
    throw err;
  }
  throw new Error('expected a GeometryError');
}
