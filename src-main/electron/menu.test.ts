import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import type { MenuCommand } from '../contract/api.ts';
import { menuTemplate } from './menu.ts';

function flatten(items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((i) => [i, ...(Array.isArray(i.submenu) ? flatten(i.submenu) : [])]);
}

describe('menuTemplate', () => {
  it('binds the shortcuts to menu commands sent to the renderer', () => {
    const sent: MenuCommand[] = [];
    const items = flatten(menuTemplate({ dev: false, platform: 'linux', send: (c) => sent.push(c) }));
    const byShortcut = new Map(items.filter((i) => i.accelerator).map((i) => [i.accelerator, i]));
    const expected: [string, MenuCommand][] = [
      ['CmdOrCtrl+E', 'export-run-csv'],
      ['CmdOrCtrl+1', 'show-library'],
      ['CmdOrCtrl+2', 'show-replay'],
      ['CmdOrCtrl+3', 'show-design'],
      ['CmdOrCtrl+4', 'show-compare'],
      ['CmdOrCtrl+5', 'show-glossary'],
      ['CmdOrCtrl+6', 'show-lessons'],
      ['CmdOrCtrl+7', 'show-challenges'],
      ['CmdOrCtrl+8', 'show-progress'],
      ['CmdOrCtrl+9', 'show-sweep'],
    ];
    for (const [accelerator, cmd] of expected) {
      const click = byShortcut.get(accelerator)?.click as (() => void) | undefined;
      expect(click, accelerator).toBeTypeOf('function');
      click!();
      expect(sent.at(-1)).toBe(cmd);
    }
  });

  it('offers reload and developer tools only in development', () => {
    const roles = (dev: boolean) =>
      flatten(menuTemplate({ dev, platform: 'linux', send: () => {} })).map((i) => i.role);
    expect(roles(false)).not.toContain('reload');
    expect(roles(false)).not.toContain('toggleDevTools');
    expect(roles(true)).toContain('reload');
    expect(roles(true)).toContain('toggleDevTools');
  });
});
