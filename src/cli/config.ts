/**
 * A lab's configuration on the command line: which file (--config, else ORTHOTIC_CONFIG, else
 * orthotic.config.json in the working folder), read and validated (src/config), its limits
 * profile read, and the precedence every command applies: flags over the order over the
 * configuration over the built-in defaults. What the configuration supplied is recorded in each
 * report (ConfigInEffect).
 */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseConfigText, type LabConfig, type LabIdentity } from '../config/index.js';
import { withSubject } from '../errors.js';
import { parseLimitsText, type LimitsProfile } from '../limits/index.js';
import { acceptedLoosenings, sha256Of, type ConfigInEffect } from '../pipeline/index.js';
import { readText } from './io.js';

/** The configuration file looked for in the working folder. */
export const CONFIG_FILE = 'orthotic.config.json';
/** The environment variable naming a configuration file. */
export const CONFIG_ENV = 'ORTHOTIC_CONFIG';

/** A configuration found and read. */
export interface LoadedConfig {
  /** The file, as named (or found). */
  path: string;
  config: LabConfig;
  /** SHA-256 of its canonical JSON. */
  sha256: string;
  /** Its limits profile (`limits`, relative to the file), read and validated; null when it names none. */
  limits: { path: string; text: string; profile: LimitsProfile } | null;
}

/**
 * Finds and reads the configuration: the file `--config` names, else the one ORTHOTIC_CONFIG
 * names, else orthotic.config.json in the working folder when there is one. `false` (--no-config): none.
 * @throws UsageError a named file that cannot be read; InputError a file that is not a valid
 *   configuration, or whose limits profile is not a valid profile (naming the file and the field)
 */
export function loadConfig(flag: string | boolean | undefined, env: NodeJS.ProcessEnv = process.env): LoadedConfig | null {
  if (flag === false) return null;
  const named = typeof flag === 'string' ? flag : env[CONFIG_ENV] ? env[CONFIG_ENV] : existsSync(CONFIG_FILE) ? CONFIG_FILE : null;
  if (named === null) return null;
  let config: LabConfig;
  try {
    config = parseConfigText(readText(named, 'configuration').text);
  } catch (err) {
    throw withSubject(err, named);
  }
  let limits: LoadedConfig['limits'] = null;
  if (config.limits !== undefined) {
    const path = resolve(dirname(named), config.limits);
    const text = readText(path, `limits profile (the configuration's /limits)`, { pointer: '/limits', source: 'config', subject: named, value: config.limits }).text;
    try {
      limits = { path, text, profile: parseLimitsText(text) };
    } catch (err) {
      throw withSubject(err, config.limits);
    }
  }
  return { path: named, config, sha256: sha256Of(config), limits };
}

/** What a command was given that the configuration may stand in for. */
export interface ConfigurableFlags {
  resolution?: number;
  limits?: string;
  allowOverLimit?: string;
}

/** The settings a run takes from flags, configuration and built-in defaults, and the configuration's record. */
export interface Settled {
  resolutionMm: number;
  /** The configuration's limits profile, when --limits gave none. */
  limits: { path: string; text: string; profile: LimitsProfile } | null;
  /** For the pipeline (and so the report): undefined without a configuration. */
  config: ConfigInEffect | undefined;
}

/**
 * Applies the precedence (flags, then the configuration, then the built-in default) to the
 * resolution and the limits profile, and gathers what the configuration supplied. The order's own
 * values (its prescription) win over the configuration's prescription defaults in the pipeline.
 * @param resolution which of the configuration's resolutions applies (a preview has its own) and
 *   the built-in default; null for a command that builds no mesh (validate: resolutionMm is NaN)
 * @param extra other values the configuration supplied to this run (output formats, lab), recorded as given
 * @throws LimitError the configuration's limits profile loosens a built-in limit without
 *   --allow-over-limit (naming the profile's file)
 */
export function settle(loaded: LoadedConfig | null, flags: ConfigurableFlags, resolution: { key: 'resolutionMm' | 'previewResolutionMm'; builtInMm: number } | null, extra: Record<string, unknown> = {}): Settled {
  const config = loaded?.config;
  const supplied: Record<string, unknown> = {};
  let resolutionMm = resolution?.builtInMm ?? NaN;
  if (flags.resolution !== undefined) resolutionMm = flags.resolution;
  else if (resolution && config?.[resolution.key] !== undefined) resolutionMm = supplied[resolution.key] = config[resolution.key]!;
  const limits = flags.limits === undefined && loaded?.limits ? loaded.limits : null;
  if (limits) {
    supplied.limits = config!.limits;
    // As a --limits profile: one that loosens a built-in limit needs --allow-over-limit.
    try {
      acceptedLoosenings(limits.profile, flags.allowOverLimit);
    } catch (err) {
      throw withSubject(err, config!.limits!);
    }
  }
  Object.assign(supplied, extra);
  return {
    resolutionMm,
    limits,
    config: loaded ? { sha256: loaded.sha256, prescription: config!.prescription, supplied, name: loaded.path } : undefined,
  };
}

/**
 * The outputs' formats a build takes from the configuration when its flags leave them open: the
 * device format when -o names a folder, `-` or a file that is neither .stl nor .3mf (and --format
 * is not given); the map format when --map names a folder; the lab when a sheet is written.
 * @returns the values to use and what the configuration supplied (to record)
 */
export function configuredFormats(loaded: LoadedConfig | null, flags: { output?: string; format?: 'stl' | '3mf'; map?: string; sheet?: string }): {
  format?: 'stl' | '3mf'; mapFormat?: 'svg' | 'png'; lab?: LabIdentity; supplied: Record<string, unknown>;
} {
  const outputs = loaded?.config.outputs;
  const supplied: Record<string, unknown> = {};
  const out: ReturnType<typeof configuredFormats> = { supplied };
  if (outputs?.format && flags.format === undefined && flags.output !== undefined && !/\.(stl|3mf)$/i.test(flags.output)) {
    out.format = outputs.format;
    supplied.outputs = { format: outputs.format };
  }
  if (outputs?.map && outputs.map !== 'none' && flags.map?.endsWith('/')) {
    out.mapFormat = outputs.map;
    supplied.outputs = { ...(supplied.outputs as object | undefined), map: outputs.map };
  }
  const lab = loaded?.config.lab;
  if (lab && flags.sheet) {
    out.lab = lab;
    supplied.lab = lab;
  }
  return out;
}
