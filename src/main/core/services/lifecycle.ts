/**
 * The MCPStore lifecycle state machine, exactly: INITIALIZING → HEALTHY | UNREACHABLE; HEALTHY → WARNING |
 * RECONNECTING; WARNING → HEALTHY | RECONNECTING; RECONNECTING → HEALTHY | UNREACHABLE; UNREACHABLE → RECONNECTING.
 */
import type { ServiceState } from '../../../shared/services';
import { HubError } from '../errors';

export const SERVICE_TRANSITIONS: Record<ServiceState, readonly ServiceState[]> = {
  INITIALIZING: ['HEALTHY', 'UNREACHABLE'],
  HEALTHY: ['WARNING', 'RECONNECTING'],
  WARNING: ['HEALTHY', 'RECONNECTING'],
  RECONNECTING: ['HEALTHY', 'UNREACHABLE'],
  UNREACHABLE: ['RECONNECTING'],
};

export interface Transition {
  from: ServiceState;
  to: ServiceState;
  at: number;
  reason?: string;
}

/** A service's current state and bounded transition history. */
export class Lifecycle {
  state: ServiceState = 'INITIALIZING';
  since = Date.now();
  readonly history: Transition[] = [];

  /** @throws HubError INTERNAL for a transition the state machine does not allow. */
  to(next: ServiceState, reason?: string): void {
    if (!SERVICE_TRANSITIONS[this.state].includes(next)) throw new HubError('INTERNAL', `illegal service transition ${this.state} → ${next}`);
    this.history.push({ from: this.state, to: next, at: Date.now(), reason });
    if (this.history.length > 50) this.history.shift();
    this.state = next;
    this.since = Date.now();
  }
}
