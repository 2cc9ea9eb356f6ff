/**
 * The parts of the committed schemas and of the built-in limits profile that the registry owns:
 * each modification's prescription schema, its limit parameters and step limits. `npm run
 * gen:schemas` writes them (scripts/gen-schemas.ts); tests/geometry/cuboidPad.test.ts checks the
 * committed files are fresh. Pure: JSON in, JSON out.
 */
import { MODIFICATION_LIMITS, MODIFICATION_STEPS, REGISTRY } from './index.js';
import type { ModificationDescriptor, Part } from './types.js';

type Json = Record<string, unknown>;

/** A part's JSON Schema: a number within its bounds, or one of its choices. */
function partSchema(p: Part): Json {
  const description = `${p.description}${p.default === undefined ? '' : ` Default ${p.default}.`}`;
  if ('choices' in p) return { description, enum: [...p.choices] };
  return {
    description,
    type: 'number',
    ...(p.minimum !== undefined ? { minimum: p.minimum } : {}),
    maximum: p.maximum,
    ...(p.exclusiveMinimum !== undefined ? { exclusiveMinimum: p.exclusiveMinimum } : {}),
  };
}

/** A modification's JSON Schema: an object of its parts (or null), or one number. */
function modificationSchema(d: ModificationDescriptor): Json {
  if (d.number) return partSchema(d.number);
  return {
    description: d.description,
    type: ['object', 'null'],
    additionalProperties: false,
    properties: Object.fromEntries(Object.entries(d.parts).map(([name, p]) => [name, partSchema(p)])),
    ...(d.required?.length ? { required: [...d.required] } : {}),
  };
}

/** Replaces the registry's entries of an object, keeping the others where they are; the registry's go where its first one was, in registry order. */
function withEntries(obj: Json, entries: Array<[string, unknown]>, after?: string): Json {
  const keys = new Set(entries.map(([k]) => k));
  const out: Json = {};
  let placed = false;
  const place = () => { if (!placed) for (const [k, v] of entries) out[k] = v; placed = true; };
  for (const [k, v] of Object.entries(obj)) {
    if (keys.has(k)) { place(); continue; }
    out[k] = v;
    if (k === after) place();
  }
  place();
  return out;
}

/** The prescription schema with every modification's schema from the registry. */
export function prescriptionSchema(schema: Json): Json {
  const props = schema.properties as Json;
  return { ...schema, properties: withEntries(props, REGISTRY.map((d) => [d.key, modificationSchema(d)]), 'length') };
}

/** The limits schema with the registry's limit parameters (required where a lab's profile must give them) and step limits. */
export function limitsSchema(schema: Json): Json {
  const props = schema.properties as Json;
  const parameters = props.parameters as Json & { required: string[]; properties: Json };
  const steps = props.steps as Json & { properties: Json };
  const existing = parameters.properties;
  const required = parameters.required.filter((r) => !MODIFICATION_LIMITS.some((l) => l.parameter === r));
  required.push(...MODIFICATION_LIMITS.filter((l) => l.requiredInProfile).map((l) => l.parameter));
  return {
    ...schema,
    properties: {
      ...props,
      parameters: {
        ...parameters,
        required,
        properties: withEntries(existing, MODIFICATION_LIMITS.map((l) => [l.parameter, { description: l.description, $ref: l.levels.unit === 'deg' ? '#/$defs/degLimit' : '#/$defs/mmLimit' }])),
      },
      steps: {
        ...steps,
        properties: withEntries(steps.properties, MODIFICATION_STEPS.map((s) => [s.parameter, { description: s.description, $ref: s.unit === 'deg' ? '#/$defs/stepLimitDeg' : '#/$defs/stepLimitMm' }])),
      },
    },
  };
}

/** The built-in limits profile with the registry's levels and step limits. */
export function builtInProfile(profile: Json): Json {
  const steps = (profile.steps ?? {}) as Json;
  return {
    ...profile,
    parameters: withEntries(profile.parameters as Json, MODIFICATION_LIMITS.map((l) => [l.parameter, l.levels])),
    steps: withEntries(steps, MODIFICATION_STEPS.map(({ parameter, unit, maxStep, source, why }) => [parameter, { unit, maxStep, source, why }])),
  };
}
