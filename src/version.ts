import pkg from '../package.json' with { type: 'json' };

/** The tool's name and version, recorded in every report and file header. */
export const TOOL = { name: pkg.name, version: pkg.version } as const;
