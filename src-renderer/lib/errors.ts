/** What to tell the user to do about an error, by code (the message says what went wrong). */
import type { ApiError } from './contract.ts';

export function hintFor(error: ApiError): string {
  switch (error.code) {
    case 'unreachable':
      return 'Start Cascade Lab again (or restart the host) and reload this page.';
    case 'forbidden':
      return 'Open the app from the link the host printed when it started; the session token is missing or out of date.';
    case 'cancelled':
      return 'Press Run to start again.';
    case 'invalid-input':
      return error.field ? `Correct ${error.field} and try again.` : 'Correct the input and try again.';
    case 'unavailable':
      return 'Fix the data folder named when Cascade Lab started (or free disk space), then restart the app.';
    case 'not-found':
      return 'It may have been deleted or come from an older version: pick another one from the list.';
    default:
      return 'Try again; if it keeps failing, restart the app and report the message above.';
  }
}
