/**
 * vitest setup: one DccLink secret file per test worker, so tests never touch the user's real secret; every hub,
 * Python plugin, Blender and Node peer a test starts inherits it through `DCC_MCP_SECRET_FILE`.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

process.env.DCC_MCP_SECRET_FILE ||= join(mkdtempSync(join(tmpdir(), 'dcc-mcp-test-secret-')), 'link.secret');
