/**
 * Where Cascade Lab keeps its database, and whether that place is safe for SQLite (checklist D1:
 * a local disk, not a network filesystem, not a folder a sync client rewrites behind our back).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The application's folder name inside the platform's app-data folder. */
export const APP_FOLDER_NAME = 'Cascade Lab';

/** The environment variable that overrides the data folder (tests, portable installs). */
export const DATA_DIR_ENV = 'CASCADE_LAB_DATA_DIR';

/** What {@link resolveDataDir} looks at; injectable so every platform can be tested anywhere. */
export interface DataDirContext {
  env: Readonly<Record<string, string | undefined>>;
  platform: NodeJS.Platform;
  homeDir: string;
}

function defaultContext(): DataDirContext {
  return { env: process.env, platform: process.platform, homeDir: os.homedir() };
}

/**
 * The data folder: `CASCADE_LAB_DATA_DIR` when set, else the platform's app-data folder plus
 * "Cascade Lab" (Linux `$XDG_CONFIG_HOME` or `~/.config`, macOS `~/Library/Application Support`,
 * Windows `%APPDATA%`) — the same folder Electron's `app.getPath('userData')` uses.
 */
export function resolveDataDir(context: DataDirContext = defaultContext()): string {
  const { env, platform, homeDir } = context;
  const override = env[DATA_DIR_ENV];
  if (override !== undefined && override.trim() !== '') return path.resolve(override);
  if (platform === 'win32') {
    const appData = env['APPDATA'];
    const base =
      appData !== undefined && appData !== '' ? appData : path.win32.join(homeDir, 'AppData', 'Roaming');
    return path.win32.join(base, APP_FOLDER_NAME);
  }
  if (platform === 'darwin') {
    return path.posix.join(homeDir, 'Library', 'Application Support', APP_FOLDER_NAME);
  }
  const xdg = env['XDG_CONFIG_HOME'];
  // The XDG spec says a relative XDG_CONFIG_HOME is invalid and must be ignored.
  const base = xdg !== undefined && path.posix.isAbsolute(xdg) ? xdg : path.posix.join(homeDir, '.config');
  return path.posix.join(base, APP_FOLDER_NAME);
}

/** Verdict of {@link assessDataDirLocation}. */
export type LocationVerdict = { ok: true } | { ok: false; problem: string };

const NETWORK_FS_TYPES = new Set([
  'nfs',
  'nfs4',
  'cifs',
  'smb3',
  'smbfs',
  'ncpfs',
  'afs',
  '9p',
  'ceph',
  'glusterfs',
  'fuse.sshfs',
  'sshfs',
  'fuse.rclone',
  'davfs',
  'fuse.s3fs',
  'fuse.gcsfuse',
]);

// Folder names that sync clients own. Matched against whole path segments, case-insensitively.
const SYNC_SEGMENTS = [
  /^dropbox( \(.*\))?$/,
  /^onedrive( - .*)?$/,
  /^google ?drive$/,
  /^my drive$/,
  /^icloud ?drive$/,
  /^mobile documents$/,
  /^cloudstorage$/,
  /^nextcloud$/,
  /^owncloud$/,
  /^pcloud ?drive$/,
  /^box sync$/,
];

/** Linux `/proc/mounts` escapes spaces and friends as octal (\040). */
function unescapeMountPath(raw: string): string {
  return raw.replace(/\\([0-7]{3})/g, (_m, oct: string) => String.fromCharCode(parseInt(oct, 8)));
}

/** The filesystem type of the mount that holds `dir`, from `/proc/mounts` text. */
export function mountTypeOf(dir: string, mountsText: string): string | undefined {
  let best: { point: string; type: string } | undefined;
  for (const line of mountsText.split('\n')) {
    const fields = line.split(' ');
    const rawPoint = fields[1];
    const type = fields[2];
    if (rawPoint === undefined || type === undefined) continue;
    const point = unescapeMountPath(rawPoint);
    const inside = dir === point || dir.startsWith(point.endsWith('/') ? point : `${point}/`);
    if (inside && (best === undefined || point.length >= best.point.length)) best = { point, type };
  }
  return best?.type;
}

/**
 * Checks that `dir` is a sensible home for a SQLite database: not a Windows UNC share, not on a
 * network filesystem (Linux, from /proc/mounts), not inside a sync client's folder. Pure apart
 * from resolving symlinks of the nearest existing ancestor.
 */
export function assessDataDirLocation(
  dir: string,
  context: { platform?: NodeJS.Platform; mountsText?: string } = {},
): LocationVerdict {
  const platform = context.platform ?? process.platform;
  const fix = `Choose a folder on this computer's own disk, e.g. set ${DATA_DIR_ENV}=<local folder>.`;
  if (platform === 'win32' && /^(\\\\|\/\/)/.test(dir)) {
    return {
      ok: false,
      problem: `The data folder ${dir} is a network share; SQLite's locking is unsafe there. ${fix}`,
    };
  }
  const real = realpathOfNearestExisting(dir);
  const segments = real.split(/[\\/]+/).map((s) => s.toLowerCase());
  const syncSegment = segments.find((s) => SYNC_SEGMENTS.some((re) => re.test(s)));
  if (syncSegment !== undefined) {
    return {
      ok: false,
      problem:
        `The data folder ${dir} is inside a sync folder ("${syncSegment}"); a sync client copying the database ` +
        `while it is open can corrupt it. ${fix}`,
    };
  }
  if (platform === 'linux') {
    const mountsText = context.mountsText ?? readMounts();
    const type = mountsText === undefined ? undefined : mountTypeOf(real, mountsText);
    if (type !== undefined && NETWORK_FS_TYPES.has(type)) {
      return {
        ok: false,
        problem: `The data folder ${dir} is on a network filesystem (${type}); SQLite's WAL mode does not work there. ${fix}`,
      };
    }
  }
  return { ok: true };
}

function readMounts(): string | undefined {
  try {
    return fs.readFileSync('/proc/mounts', 'utf8');
  } catch {
    return undefined;
  }
}

function realpathOfNearestExisting(dir: string): string {
  let current = path.resolve(dir);
  const rest: string[] = [];
  for (;;) {
    try {
      return path.join(fs.realpathSync(current), ...rest);
    } catch {
      const parent = path.dirname(current);
      if (parent === current) return path.resolve(dir);
      rest.unshift(path.basename(current));
      current = parent;
    }
  }
}
