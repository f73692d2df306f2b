/** A DccLink Err frame received from the peer (a wire error, distinct from the hub's own HubError). */
import type { ErrBody } from '../../../shared/dcclink';

export class DccRemoteError extends Error {
  override readonly name = 'DccRemoteError';
  readonly code: string;
  readonly details: unknown;
  readonly recoverable: boolean;
  constructor(body: ErrBody) {
    super(body.message);
    this.code = body.code;
    this.details = body.details;
    this.recoverable = body.recoverable ?? false;
  }

  /** The Err body to send for this error. */
  toBody(): ErrBody {
    return { code: this.code, message: this.message, details: this.details, recoverable: this.recoverable };
  }
}
