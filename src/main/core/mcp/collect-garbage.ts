/**
 * A full garbage collection on demand, without starting Node with `--expose-gc`: after hundreds of abandoned
 * MCP sessions expire at once, their memory is garbage but V8 may keep it (and the RSS) until allocation
 * pressure comes, which on an idle hub is never.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let gc: (() => void) | null | undefined;

/** Runs a full GC when the runtime allows it; a no-op otherwise. */
export function collectGarbage(): void {
  if (gc === undefined) {
    try {
      setFlagsFromString('--expose-gc');
      gc = runInNewContext('gc') as () => void;
    } catch {
      gc = null;
    }
  }
  gc?.();
}
