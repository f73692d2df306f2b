/**
 * The composition root of the desktop app: the shell's bootstrap builds the core (plain Node) and hands it to
 * the Electron shell (see `shell/bootstrap.ts` for the start-up order).
 */
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bootstrap } from './shell/bootstrap';

void bootstrap({ mainDir: dirname(fileURLToPath(import.meta.url)) });
