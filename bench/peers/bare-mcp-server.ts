/**
 * The bench's baseline: a bare SDK Streamable HTTP server in a process of its own, with the same trivial tool the
 * hub's DCC declares (`get_scene_summary`). Prints `HTTP_READY <url>`.
 */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { bareMcpHttpServer } from '../../test/fixtures/mcp-servers/bare-http';

const http = bareMcpHttpServer(() => {
  const server = new McpServer({ name: 'bare', version: '1' });
  server.registerTool('get_scene_summary', { description: 'trivial' }, async () => ({ content: [{ type: 'text', text: JSON.stringify({ scene: 'untitled', objects: 5, selected: [] }) }] }));
  return server;
});
http.listen(0, '127.0.0.1', () => console.log(`HTTP_READY http://127.0.0.1:${(http.address() as { port: number }).port}/mcp`));
