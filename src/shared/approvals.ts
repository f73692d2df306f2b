/** Approval gate vocabulary (SPEC §5), shared by the core, the API contract and the renderer. */
import { z } from 'zod';

export const ApprovalPolicySchema = z.enum(['ask', 'auto', 'deny']);
export type ApprovalPolicy = z.infer<typeof ApprovalPolicySchema>;

/** The agent behind a request: `id`/`name` from its credential; `client`/`version` its self-declared clientInfo (a label). */
export const AgentSchema = z.object({ id: z.string().optional(), name: z.string(), client: z.string().optional(), version: z.string().optional() });

export const ApprovalRequestSchema = z.object({
  id: z.string(),
  createdAtMs: z.number(),
  expiresAtMs: z.number(),
  agent: AgentSchema,
  instanceId: z.string(),
  dccType: z.string(),
  scene: z.string().optional(),
  tool: z.string(),
  code: z.string().optional(),
  arguments: z.unknown().optional(),
  sha256: z.string(),
  policy: ApprovalPolicySchema,
});
export type ApprovalRequest = z.infer<typeof ApprovalRequestSchema>;

export const ApprovalDecisionSchema = z.enum(['approve', 'approve_trust', 'reject']);
export type ApprovalDecision = z.infer<typeof ApprovalDecisionSchema>;

/** One picture of the DCC's viewport kept for a history entry: a stored PNG (`file`), or why there is none. */
export const PictureRefSchema = z.object({ file: z.string().optional(), error: z.string().optional(), takenAtMs: z.number() });
export type PictureRef = z.infer<typeof PictureRefSchema>;
export const PictureWhichSchema = z.enum(['before', 'after']);
export type PictureWhich = z.infer<typeof PictureWhichSchema>;

export const ApprovalRecordSchema = ApprovalRequestSchema.extend({
  decision: z.enum(['approved', 'rejected']),
  decidedBy: z.enum(['user', 'policy', 'timeout', 'trust', 'cancelled']),
  reason: z.string().optional(),
  editedCode: z.string().optional(),
  decidedAtMs: z.number(),
  result: z
    .object({
      success: z.boolean(),
      /** One line, at most 500 characters: what the history table shows. */
      summary: z.string(),
      durationMs: z.number(),
      finishedAtMs: z.number().optional(),
      /** The full result as text, at most `RESULT_TEXT_MAX` characters; only in `approvals:detail`, not in lists. */
      text: z.string().optional(),
      /** Length of the whole result text in characters (more than `text` holds when `truncated`). */
      chars: z.number().optional(),
      truncated: z.boolean().optional(),
    })
    .optional(),
  /** v0.2: the viewport before and after an approved run, where the DCC can capture. */
  pictures: z.object({ before: PictureRefSchema.optional(), after: PictureRefSchema.optional() }).optional(),
});
export type ApprovalRecord = z.infer<typeof ApprovalRecordSchema>;

/** How much of a result is kept per history record (and in the audit log): 64 Ki characters. */
export const RESULT_TEXT_MAX = 64 * 1024;

export const ApprovalPoliciesSchema = z.object({
  global: ApprovalPolicySchema,
  perInstance: z.record(z.string(), ApprovalPolicySchema),
  perAgent: z.record(z.string(), ApprovalPolicySchema),
});
export type ApprovalPolicies = z.infer<typeof ApprovalPoliciesSchema>;
