/**
 * The application menu and its keyboard shortcuts. Commands go to the renderer as `menu.command`
 * events (contract MenuCommand); reload and developer tools exist only in development builds.
 * Pure data (Electron types only), so the shortcuts are unit-tested.
 */
import type { MenuItemConstructorOptions } from 'electron';
import type { MenuCommand } from '../contract/api.ts';

export interface MenuOptions {
  /** Unpackaged (development) build: adds reload and developer tools. */
  dev: boolean;
  /** process.platform: macOS gets the app menu first. */
  platform: NodeJS.Platform;
  send: (command: MenuCommand) => void;
}

export function menuTemplate({ dev, platform, send }: MenuOptions): MenuItemConstructorOptions[] {
  const command = (label: string, accelerator: string, cmd: MenuCommand): MenuItemConstructorOptions => ({
    label,
    accelerator,
    click: () => send(cmd),
  });
  const mac = platform === 'darwin';
  return [
    ...(mac ? [{ role: 'appMenu' } satisfies MenuItemConstructorOptions] : []),
    {
      label: '&File',
      submenu: [
        command('Export Run as CSV…', 'CmdOrCtrl+E', 'export-run-csv'),
        { type: 'separator' },
        mac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    {
      label: '&View',
      submenu: [
        command('Library', 'CmdOrCtrl+1', 'show-library'),
        command('Replay', 'CmdOrCtrl+2', 'show-replay'),
        command('Design', 'CmdOrCtrl+3', 'show-design'),
        command('Compare', 'CmdOrCtrl+4', 'show-compare'),
        command('Glossary', 'CmdOrCtrl+5', 'show-glossary'),
        command('Lessons', 'CmdOrCtrl+6', 'show-lessons'),
        command('Challenges', 'CmdOrCtrl+7', 'show-challenges'),
        command('Progress', 'CmdOrCtrl+8', 'show-progress'),
        command('Sweep', 'CmdOrCtrl+9', 'show-sweep'),
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
        ...(dev
          ? ([
              { type: 'separator' },
              { role: 'reload' },
              { role: 'toggleDevTools' },
            ] satisfies MenuItemConstructorOptions[])
          : []),
      ],
    },
    { role: 'windowMenu' },
  ];
}
