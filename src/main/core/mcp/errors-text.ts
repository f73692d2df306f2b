/** Error text for agents: the code and message, never a stack. */
export function describeError(err: unknown): string {
  if (err && typeof err === 'object' && 'code' in err && 'message' in err) return `${String((err as { code: unknown }).code)}: ${String((err as { message: unknown }).message)}`;
  return err instanceof Error ? err.message : String(err);
}
