import { describe, expect, it } from 'vitest';
import { assessDataDirLocation, mountTypeOf, resolveDataDir } from './data-dir.ts';
import { tempDir } from './store-test-support.ts';

describe('resolveDataDir', () => {
  it('prefers CASCADE_LAB_DATA_DIR on every platform', () => {
    for (const platform of ['linux', 'darwin', 'win32'] as const) {
      expect(
        resolveDataDir({ env: { CASCADE_LAB_DATA_DIR: '/data/cl' }, platform, homeDir: '/home/u' }),
      ).toBe('/data/cl');
    }
  });

  it('uses $XDG_CONFIG_HOME or ~/.config on Linux', () => {
    expect(resolveDataDir({ env: { XDG_CONFIG_HOME: '/xdg' }, platform: 'linux', homeDir: '/home/u' })).toBe(
      '/xdg/Cascade Lab',
    );
    expect(resolveDataDir({ env: {}, platform: 'linux', homeDir: '/home/u' })).toBe(
      '/home/u/.config/Cascade Lab',
    );
    // A relative XDG_CONFIG_HOME is invalid per the spec and ignored.
    expect(resolveDataDir({ env: { XDG_CONFIG_HOME: 'rel' }, platform: 'linux', homeDir: '/home/u' })).toBe(
      '/home/u/.config/Cascade Lab',
    );
  });

  it('uses ~/Library/Application Support on macOS and %APPDATA% on Windows', () => {
    expect(resolveDataDir({ env: {}, platform: 'darwin', homeDir: '/Users/u' })).toBe(
      '/Users/u/Library/Application Support/Cascade Lab',
    );
    expect(
      resolveDataDir({
        env: { APPDATA: 'C:\\Users\\u\\AppData\\Roaming' },
        platform: 'win32',
        homeDir: 'C:\\Users\\u',
      }),
    ).toBe('C:\\Users\\u\\AppData\\Roaming\\Cascade Lab');
    expect(resolveDataDir({ env: {}, platform: 'win32', homeDir: 'C:\\Users\\u' })).toBe(
      'C:\\Users\\u\\AppData\\Roaming\\Cascade Lab',
    );
  });
});

describe('assessDataDirLocation', () => {
  const mounts = [
    '/dev/sda1 / ext4 rw 0 0',
    'server:/export /home/u/nfs nfs4 rw 0 0',
    '//nas/share /mnt/my\\040share cifs rw 0 0',
    'tmpfs /tmp tmpfs rw 0 0',
  ].join('\n');

  it('finds the filesystem type of the innermost mount, unescaping spaces', () => {
    expect(mountTypeOf('/home/u/nfs/cascade', mounts)).toBe('nfs4');
    expect(mountTypeOf('/home/u/nfsx', mounts)).toBe('ext4');
    expect(mountTypeOf('/mnt/my share/x', mounts)).toBe('cifs');
  });

  it('refuses network filesystems, UNC shares and sync folders; accepts a local folder', () => {
    expect(
      assessDataDirLocation('/home/u/nfs/Cascade Lab', { platform: 'linux', mountsText: mounts }),
    ).toMatchObject({
      ok: false,
      problem: expect.stringMatching(/network filesystem \(nfs4\)/) as unknown,
    });
    expect(assessDataDirLocation('\\\\server\\share\\Cascade Lab', { platform: 'win32' })).toMatchObject({
      ok: false,
    });
    expect(
      assessDataDirLocation('/home/u/Dropbox/Cascade Lab', { platform: 'linux', mountsText: mounts }),
    ).toMatchObject({
      ok: false,
      problem: expect.stringMatching(/sync folder/) as unknown,
    });
    expect(
      assessDataDirLocation('/Users/u/Library/Mobile Documents/x', { platform: 'darwin' }),
    ).toMatchObject({ ok: false });
    expect(
      assessDataDirLocation('/home/u/.config/Cascade Lab', { platform: 'linux', mountsText: mounts }),
    ).toEqual({ ok: true });
    expect(assessDataDirLocation(tempDir(), { platform: 'linux', mountsText: mounts })).toEqual({ ok: true });
  });
});
