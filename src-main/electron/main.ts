/**
 * Electron main: lifecycle, one hardened window, the `app://` protocol, IPC registration and the
 * menu. Everything the app does goes through the same app service as the browser host.
 *
 * Hardening (reliability checklist part A): sandboxed, context-isolated renderer without Node;
 * the renderer is served from `app://cascade/` under a strict CSP (never file://); navigation, new
 * windows, webviews and every permission are refused; each IPC call is checked to come from our
 * own page's top frame before it is dispatched; the preload exposes only `window.cascade`.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BrowserWindow, Menu, app, dialog, ipcMain, protocol, session } from 'electron';
import type { IpcMainInvokeEvent, WebContents } from 'electron';
import type { ApiEvent, MenuCommand, Result } from '../contract/api.ts';
import type { AppService } from '../services/app-service.ts';
import { createAppService } from '../services/app-service.ts';
import { openAppStore } from '../services/open-app-store.ts';
import { handleAppRequest } from './app-protocol.ts';
import { APP_ORIGIN_URL, APP_SCHEME, IPC_CALL, IPC_EVENT, isTrustedSender } from './ipc.ts';
import { menuTemplate } from './menu.ts';

const here = path.dirname(fileURLToPath(import.meta.url)); // build/main
const rendererDir = path.resolve(here, '../renderer');
const preloadPath = path.join(here, 'preload.cjs');
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
    });
    const svc = service;
    ipcMain.handle(IPC_CALL, async (event: IpcMainInvokeEvent, channel: unknown, input: unknown) => {
      // Our page's top frame only (VS Code's validatedIpcMain rule): no iframe, no other origin.
      const frame = event.senderFrame;
      if (!isTrustedSender(frame)) {
        log(`cascade-lab: refused an IPC call from ${frame?.url ?? 'a destroyed frame'}`);
        return {
          ok: false,
          error: { code: 'forbidden', message: 'calls are accepted only from Cascade Lab’s own page' },
        } satisfies Result<never>;
      }
      const sender = event.sender;
      const emit = (e: ApiEvent) => {
        if (!sender.isDestroyed()) sender.send(IPC_EVENT, e);
      };
      return svc.dispatch(channel, input, { emit });
    });

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
  void win.loadURL(`${APP_ORIGIN_URL}/index.html`);
  return win;
}
