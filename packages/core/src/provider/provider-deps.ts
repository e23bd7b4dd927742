import type { Dispatcher } from 'undici';
import type { Logger } from '../spec/v1/call-context.js';

/** What a provider gets from its host. Everything that does I/O is injected. */
export interface ProviderDeps {
  dispatcher: Dispatcher;
  logger: Logger;
  now(): number;
  env: Readonly<Record<string, string | undefined>>;
}
