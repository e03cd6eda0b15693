/**
 * Electron main: lifecycle, one hardened window, the `app://` protocol, IPC registration and the
 * menu. Everything the app does goes through the same app service as the browser host.
 *
 * Hardening (reliability checklist part A): sandboxed, context-isolated renderer without Node;
 * the renderer is served from `app://cascade/` under a strict CSP (never file://); navigation, new
 * windows, webviews and every permission are refused; each IPC call is checked to come from our
 * own page's top frame before it is dispatched; the preload exposes only `window.cascade`. Engine
 * work runs on the services' worker pool and stops when the window that started it goes.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BrowserWindow, Menu, app, dialog, ipcMain, protocol, session } from 'electron';
import type { IpcMainInvokeEvent, WebContents } from 'electron';
import type { ApiEvent, MenuCommand } from '../contract/api.ts';
import type { AppService } from '../services/app-service.ts';
import { createAppService } from '../services/app-service.ts';
import { openAppStore, selectNativeBinding } from '../services/open-app-store.ts';
import { handleAppRequest } from './app-protocol.ts';
import { APP_ORIGIN_URL, APP_SCHEME, IPC_CALL, IPC_EVENT } from './ipc.ts';
import { createIpcCallHandler } from './ipc-calls.ts';
import { menuTemplate } from './menu.ts';

const here = path.dirname(fileURLToPath(import.meta.url)); // build/main
const rendererDir = path.resolve(here, '../renderer');
const preloadPath = path.join(here, 'preload.cjs');
/** The window icon (Linux and Windows; macOS takes the bundle's .icns). Made by `npm run icons`. */
const iconPath = path.resolve(here, '../../assets/icon.png');
const dev = !app.isPackaged;
const log = (line: string) => console.error(line);

// Before `ready`: our scheme behaves like https (standard URLs, secure context, fetch) but does NOT
// bypass the CSP.
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);
app.enableSandbox();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  start();
}

function start(): void {
  let service: AppService | undefined;
  let mainWindow: BrowserWindow | undefined;

  app.on('second-instance', () => {
    if (mainWindow) {
      if (mainWindow.isMinimized()) mainWindow.restore();
      mainWindow.focus();
    }
  });

  // Every web contents, including any we did not create on purpose.
  app.on('web-contents-created', (_event, contents: WebContents) => {
    contents.on('will-navigate', (e) => e.preventDefault());
    contents.on('will-redirect', (e) => e.preventDefault());
    contents.on('will-attach-webview', (e) => e.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });

  app.on('window-all-closed', () => app.quit());

  let quitting = false;
  app.on('before-quit', (event) => {
    if (quitting || !service) return;
    // Stop the replay workers before the process goes.
    event.preventDefault();
    quitting = true;
    void service.close().finally(() => app.quit());
  });

  void app.whenReady().then(async () => {
    const dataDir = process.env['CASCADE_LAB_DATA_DIR']?.trim() || app.getPath('userData');
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });

    const ses = session.defaultSession;
    ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
    ses.setPermissionCheckHandler(() => false);
    ses.protocol.handle(APP_SCHEME, (request) => handleAppRequest(request, rendererDir));

    // better-sqlite3 built for Electron's ABI: packaged, the module's own; in development, its own folder.
    const binding = selectNativeBinding({ packaged: app.isPackaged, rootDir: path.resolve(here, '../..') });
    if (binding.kind === 'missing') {
      // Without a loadable SQLite nothing works, not even the in-memory lesson store: say so, stop.
      log(binding.message);
      dialog.showErrorBox('Cascade Lab: database module', binding.message);
      app.exit(1);
      return;
    }
    const appStore = await openAppStore(dataDir);
    if (appStore.problem) {
      log(appStore.problem);
      dialog.showErrorBox('Cascade Lab: data folder', appStore.problem);
    }
    app.on('will-quit', () => appStore.close());
    service = createAppService({
      log,
      designs: appStore.designs,
      ...(appStore.store ? { training: appStore.store, sweepStore: appStore.store } : {}),
      storage: appStore.storage,
      store: appStore.store,
      // The Library's featured replay starts now and is cached by code version (services/first-replay.ts).
      firstReplay: { cacheDir: path.join(dataDir, 'cache') },
    });
    const svc = service;
    // Sender check, events back to the asking window, and its engine work stopped when it goes.
    const onCall = createIpcCallHandler((channel, input, ctx) => svc.dispatch(channel, input, ctx), log);
    ipcMain.handle(IPC_CALL, (event: IpcMainInvokeEvent, channel: unknown, input: unknown) =>
      onCall(event, channel, input),
    );

    const sendCommand = (command: MenuCommand) => {
      const target = BrowserWindow.getFocusedWindow() ?? mainWindow;
      if (target && !target.isDestroyed())
        target.webContents.send(IPC_EVENT, { type: 'menu.command', command } satisfies ApiEvent);
    };
    Menu.setApplicationMenu(
      Menu.buildFromTemplate(menuTemplate({ dev, platform: process.platform, send: sendCommand })),
    );

    mainWindow = createWindow();
    mainWindow.on('closed', () => (mainWindow = undefined));
  });
}

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 960,
    minHeight: 600,
    title: 'Cascade Lab',
    icon: iconPath,
    show: false,
    backgroundColor: '#ffffff',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      webviewTag: false,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      spellcheck: false,
      devTools: dev,
    },
  });
  win.once('ready-to-show', () => win.show());
  // The renderer refuses to unload while the design editor has unsaved edits (beforeunload);
  // Electron shows nothing by itself, so ask here, as a browser would.
  win.webContents.on('will-prevent-unload', (event) => {
    const leave = dialog.showMessageBoxSync(win, {
      type: 'question',
      buttons: ['Leave without saving', 'Stay'],
      defaultId: 1,
      cancelId: 1,
      message: 'You have design edits that are not saved.',
      detail: 'Leaving now loses them. Stay, then save them in the Design view.',
    });
    if (leave === 0) event.preventDefault();
  });
  void win.loadURL(`${APP_ORIGIN_URL}/index.html`);
  return win;
}
