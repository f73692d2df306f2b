/** Agent identities (SPEC §6, v0.2): who an agent is comes from its credential, never from MCP clientInfo. */
import { z } from 'zod';

/** How an agent got its credential: the hub's default local key, a key the artist created, or OAuth consent. */
export const AgentMethodSchema = z.enum(['local', 'key', 'oauth']);
export type AgentMethod = z.infer<typeof AgentMethodSchema>;

/** Agent names the artist types (keys) or clients register (OAuth, sanitised): also a key file's name. */
export const AGENT_NAME_RE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

export const AgentViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  method: AgentMethodSchema,
  createdAtMs: z.number(),
  lastSeenMs: z.number().nullable(),
  calls: z.number(),
  /** The MCP clientInfo the agent last presented: a label shown next to the identity, never trusted. */
  client: z.string().nullable(),
  /** Open MCP sessions right now. */
  sessions: z.number(),
  /** Where `dcc-mcp-hub stdio --agent NAME` reads this agent's key (key agents only). */
  keyFile: z.string().nullable(),
});
export type AgentView = z.infer<typeof AgentViewSchema>;

/** An "approve & trust" grant: this agent runs without asking on this instance until the hub restarts. */
export const TrustEntrySchema = z.object({ agentId: z.string(), agentName: z.string(), instanceId: z.string(), dccType: z.string(), sinceMs: z.number() });
export type TrustEntry = z.infer<typeof TrustEntrySchema>;

/** A client waiting for the artist to allow it (OAuth authorization request). */
export const ConsentRequestSchema = z.object({ id: z.string(), clientId: z.string(), clientName: z.string(), redirectUri: z.string(), createdAtMs: z.number(), expiresAtMs: z.number() });
export type ConsentRequest = z.infer<typeof ConsentRequestSchema>;
