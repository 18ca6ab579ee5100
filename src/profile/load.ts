import { resolve } from 'node:path';
import schema from '../../fixtures/aspsps/profile.schema.json' with { type: 'json' };
import { LoadFailure, type LoadError } from '../yaml/errors.ts';
import { deepFreeze } from '../yaml/freeze.ts';
import { loadYaml, sortByPosition } from '../yaml/load.ts';
import { readYamlText } from '../yaml/read.ts';
import { buildProfile, type WrittenProfile } from './build.ts';
import { substituteEnv, type Env, type EnvUse } from './env.ts';
import { collectSecrets } from './secrets.ts';
import type { Profile } from './types.ts';

export interface ProfileLoadResult {
  /** Present only when the profile has no errors. Deeply frozen. */
  readonly profile?: Profile;
  readonly errors: readonly LoadError[];
}

/**
 * The profile at `file`, or a LoadFailure listing every mistake (file:line:col, key, fix).
 * For fixtures and the CLI, which cannot run without a profile.
 */
export function loadProfile(file: string, env: Env = process.env): Profile {
  const result = tryLoadProfile(file, env);
  if (!result.profile) throw new LoadFailure(result.errors);
  return result.profile;
}

export function tryLoadProfile(file: string, env: Env = process.env): ProfileLoadResult {
  const absolute = resolve(file);
  const read = readYamlText(absolute, 'profile');
  if ('error' in read) return { errors: [read.error] };
  return parseProfile(absolute, read.text, env);
}

/** The pure half: `text` is the content of `file` (absolute), which anchors positions and relative paths. */
export function parseProfile(file: string, text: string, env: Env): ProfileLoadResult {
  let used: readonly EnvUse[] = [];
  const loaded = loadYaml<WrittenProfile>(file, text, schema, {
    prepare: (raw, locator) => {
      const substituted = substituteEnv(raw, env, locator);
      used = substituted.used;
      return substituted;
    },
  });
  if (!loaded.value) return { errors: loaded.errors };
  const { profile, errors } = buildProfile(file, loaded.value, collectSecrets(loaded.value, used), loaded, env);
  if (errors.length > 0) return { errors: sortByPosition(errors) };
  return { profile: deepFreeze(profile), errors: [] };
}
