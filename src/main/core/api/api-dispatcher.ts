/**
 * Validates and routes API calls from the (untrusted) renderer: args checked with the contract's zod schema,
 * errors mapped to `{code, message, data?}` — the only error shape that crosses a carrier.
 */
import { API, type ApiArgs, type ApiChannel, type ApiErrorShape, type ApiResult } from '../../../shared/api';
import { HubError, toErrorShape } from '../errors';

export type ApiHandlers = { [C in ApiChannel]: (args: ApiArgs<C>) => Promise<ApiResult<C>> | ApiResult<C> };

export type Dispatch = (channel: string, args: unknown) => Promise<unknown>;

/** @returns a function that validates, runs the handler, and rejects with an ApiErrorShape. */
export function createApiDispatcher(handlers: ApiHandlers): Dispatch {
  return async (channel, args) => {
    if (!Object.hasOwn(API, channel)) throw shape(new HubError('INVALID_ARGS', `unknown API channel "${channel}"`));
    const c = channel as ApiChannel;
    const parsed = API[c].args.safeParse(args ?? {});
    if (!parsed.success) {
      const i = parsed.error.issues[0];
      throw shape(new HubError('INVALID_ARGS', `${channel}: ${i?.path.length ? `${i.path.join('.')}: ` : ''}${i?.message ?? 'invalid arguments'}`));
    }
    try {
      return await (handlers[c] as (a: unknown) => unknown)(parsed.data);
    } catch (err) {
      throw shape(err);
    }
  };
}

function shape(err: unknown): ApiErrorShape {
  return toErrorShape(err);
}
