import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

/** One profile of `~/.osc/config.json`, in the format oapi-cli and osc-cli read. */
export interface OscProfile {
  access_key?: string;
  secret_key?: string;
  region?: string;
  endpoints?: { api?: string };
  endpoint?: string;
}

export class CliError extends Error {}

export function configPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.OSC_CONFIG_FILE || join(homedir(), '.osc', 'config.json');
}

function readProfiles(path: string): Record<string, OscProfile> {
  if (!existsSync(path)) return {};
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as unknown;
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
    return parsed as Record<string, OscProfile>;
  } catch (error) {
    throw new CliError(
      `${path} is not a valid profiles file (${error instanceof Error ? error.message : String(error)}).`,
    );
  }
}

/** Adds or replaces a profile, keeping the others; the file is readable by its owner only. */
export function writeProfile(path: string, name: string, profile: OscProfile): void {
  const profiles = readProfiles(path);
  profiles[name] = { ...profiles[name], ...profile };
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  writeFileSync(path, `${JSON.stringify(profiles, null, 2)}\n`, { mode: 0o600 });
  chmodSync(path, 0o600);
}

export interface Target {
  endpoint: string;
  region: string;
  keys?: { accessKeyId: string; secretKey: string };
}

/**
 * Where and as whom to call, as oapi-cli decides it: `--endpoint`, then OSC_ENDPOINT_API, then
 * the profile's `endpoints.api` or `endpoint`; keys from OSC_ACCESS_KEY/OSC_SECRET_KEY or the
 * profile. The profile is `--profile`, OSC_PROFILE or `default`.
 */
export function resolveTarget(
  options: { profile?: string; endpoint?: string },
  env: NodeJS.ProcessEnv = process.env,
): Target {
  const path = configPath(env);
  const profiles = readProfiles(path);
  const name = options.profile ?? env.OSC_PROFILE ?? 'default';
  const profile = profiles[name];
  if (!profile && (options.profile !== undefined || env.OSC_PROFILE !== undefined)) {
    throw new CliError(
      `there is no profile "${name}" in ${path}: add it with \`tessera profile add ${name} --access-key … --endpoint …\`.`,
    );
  }
  const endpoint =
    options.endpoint ?? env.OSC_ENDPOINT_API ?? profile?.endpoints?.api ?? profile?.endpoint ?? 'http://127.0.0.1:8080';
  const accessKeyId = env.OSC_ACCESS_KEY ?? profile?.access_key;
  const secretKey = env.OSC_SECRET_KEY ?? profile?.secret_key;
  return {
    endpoint,
    region: env.OSC_REGION ?? profile?.region ?? 'eu-west-2',
    ...(accessKeyId && secretKey ? { keys: { accessKeyId, secretKey } } : {}),
  };
}
