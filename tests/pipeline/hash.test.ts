/**
 * The report's input hashes: canonical JSON (keys sorted at every level) must give the same text
 * for the same value however it is reached. The fast path for arrays of numbers (an outline's
 * points) is held here to the plain recursive definition it replaced.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/pipeline/index.js';

/** The definition: arrays element by element (a hole stays empty), objects with sorted keys, undefined members left out. */
function reference(value: unknown): string {
  if (Array.isArray(value)) {
    const parts: string[] = [];
    for (let i = 0; i < value.length; i++) parts.push(i in value ? reference(value[i]) : '');
    return `[${parts.join(',')}]`;
  }
  if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const members = Object.keys(record).sort().filter((k) => record[k] !== undefined).map((k) => `${JSON.stringify(k)}:${reference(record[k])}`);
    return `{${members.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

describe('canonicalJson', () => {
  it('writes arrays of numbers, and arrays of them, as the element-by-element definition does (NaN, infinities and -0 included)', () => {
    const numbers = fc.array(fc.oneof(fc.double(), fc.integer(), fc.constantFrom(NaN, Infinity, -Infinity, -0)));
    fc.assert(fc.property(fc.array(numbers), numbers, (points, flat) => {
      expect(canonicalJson(points)).toBe(reference(points));
      expect(canonicalJson(flat)).toBe(reference(flat));
    }), { numRuns: 300 });
  });

  it('leaves a hole empty and takes the slow path for mixed arrays', () => {
    const holes = [1, , 3];
    expect(canonicalJson(holes)).toBe('[1,,3]');
    expect(canonicalJson([1, 'a', null, { b: 2, a: [0.5, -0] }])).toBe('[1,"a",null,{"a":[0.5,0],"b":2}]');
    // A hole one level down, and an object inside arrays of numbers: the element-by-element path.
    expect(canonicalJson([[1, 2], [3, , 4]])).toBe('[[1,2],[3,,4]]');
    expect(canonicalJson([[1, 2], [{ z: 1, y: [2] }]])).toBe('[[1,2],[{"y":[2],"z":1}]]');
  });

  it('matches the definition on any JSON value, keys in any order', () => {
    fc.assert(fc.property(fc.jsonValue(), (value) => {
      expect(canonicalJson(value)).toBe(reference(value));
    }), { numRuns: 300 });
  });
});
