import { ensureChromium } from '../support/browser';
import globalSetup from './global-setup';

/** The e2e layer: the database of the integration tests, and the browser of the browser tests (found or installed). */
export default async function e2eGlobalSetup(): Promise<void> {
  ensureChromium();
  await globalSetup();
}
