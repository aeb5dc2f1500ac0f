/**
 * Per-environment settings: `infra/environments/<name>.json`, selected with `cdk ... -c env=<name>`
 * (default `dev`). Each file states only what differs from DEFAULT_SETTINGS (settings.ts); the merged
 * result is validated with zod, so a typo in a setting's name or a bad value stops synthesis with the
 * setting, the file and what was expected.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type PipelineSettings, resolveSettings, SettingsError, type SettingsOverrides } from './settings.js';

export const ENVIRONMENTS_DIR = fileURLToPath(new URL('../environments/', import.meta.url));
/** The environment of a synth or deploy without `-c env=...`. */
export const DEFAULT_ENVIRONMENT = 'dev';
/** The context key that selects the environment (`-c env=prod`). */
export const ENVIRONMENT_CONTEXT_KEY = 'env';

const NAME = /^[a-z][a-z0-9-]{0,19}$/;

export interface PipelineEnvironment {
  readonly name: string;
  /** The file the settings came from. */
  readonly file: string;
  readonly settings: PipelineSettings;
}

/** The environments that have a settings file, sorted. */
export function environmentNames(dir: string = ENVIRONMENTS_DIR): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -'.json'.length))
    .sort();
}

/**
 * The settings of environment `name`: DEFAULT_SETTINGS <- its file <- `overrides` (tests), validated.
 * Throws a SettingsError for an unknown environment, unreadable JSON or any invalid setting.
 */
export function loadEnvironment(
  name: unknown,
  options: { readonly dir?: string; readonly overrides?: SettingsOverrides } = {},
): PipelineEnvironment {
  const dir = options.dir ?? ENVIRONMENTS_DIR;
  const known = environmentNames(dir);
  if (typeof name !== 'string' || !NAME.test(name))
    throw new SettingsError(
      `Invalid environment name ${JSON.stringify(name)} (-c ${ENVIRONMENT_CONTEXT_KEY}=...): expected ` +
        `lower-case letters, digits and dashes, one of: ${known.join(', ') || '(none)'}`,
    );
  const file = path.join(dir, `${name}.json`);
  const shown = path.relative(process.cwd(), file) || file;
  if (!existsSync(file))
    throw new SettingsError(
      `Unknown environment "${name}" (-c ${ENVIRONMENT_CONTEXT_KEY}=${name}): there is no ${shown}; ` +
        `expected one of: ${known.join(', ') || '(none)'}`,
    );
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new SettingsError(
      `Invalid settings file ${shown}: not valid JSON (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  const layers = [{ source: shown, value }];
  if (options.overrides) layers.push({ source: 'stack props', value: options.overrides });
  return { name, file, settings: resolveSettings(...layers) };
}
