import { describe, expect, it } from 'vitest';
import { classifyRoute, decideAccess, type Presented, type Route } from '../../../src/main/core/auth/access';

const agent = { id: 'a1', name: 'claude', method: 'key' as const };
const none: Presented = { agent: null, panelSession: false, ticket: false, adminSecret: false };
const asAgent: Presented = { ...none, agent };
const asPanel: Presented = { ...none, panelSession: true };
const withTicket: Presented = { ...none, ticket: true };
const withAdmin: Presented = { ...none, adminSecret: true };

describe('who may call what (two roles, two credentials)', () => {
  // [route, presented, allowed?]
  const table: [Route, Presented, string, boolean][] = [
    ['mcp', none, 'nothing', false],
    ['mcp', asAgent, 'agent', true],
    ['mcp', asPanel, 'panel cookie', false],
    ['mcp', withAdmin, 'admin secret', false],
    ['panel-ui', asAgent, 'agent', false],
    ['panel-ui', none, 'nothing', false],
    ['panel-ui', asPanel, 'panel cookie', true],
    ['panel-ui', withTicket, 'ticket', true],
    ['panel-ws', asAgent, 'agent', false],
    ['panel-ws', withTicket, 'ticket', false],
    ['panel-ws', asPanel, 'panel cookie', true],
    ['panel-link', asAgent, 'agent', false],
    ['panel-link', asPanel, 'panel cookie', false],
    ['panel-link', withAdmin, 'admin secret', true],
    ['health', none, 'nothing', true],
    ['oauth', none, 'nothing', true],
    ['consent-page', none, 'nothing', true],
    ['unknown', { agent, panelSession: true, ticket: true, adminSecret: true }, 'everything', false],
  ];
  it.each(table)('%s with %s (%s) → allowed %s', (route, p, _label, allowed) => {
    expect(decideAccess(route, p).allow).toBe(allowed);
  });

  it('an agent credential combined with nothing else never opens any panel route', () => {
    for (const r of ['panel-ui', 'panel-ws', 'panel-link', 'unknown'] as Route[]) {
      const a = decideAccess(r, asAgent);
      expect(a.allow).toBe(false);
    }
    const ui = decideAccess('panel-ui', asAgent);
    expect(!ui.allow && ui.message).toMatch(/Agent credentials cannot open the control panel/);
  });

  it('classifies paths', () => {
    expect(classifyRoute('/mcp', false)).toBe('mcp');
    expect(classifyRoute('/api/ws', true)).toBe('panel-ws');
    expect(classifyRoute('/mcp', true)).toBe('unknown');
    expect(classifyRoute('/api/other', false)).toBe('unknown');
    expect(classifyRoute('/api/panel-link', false)).toBe('panel-link');
    expect(classifyRoute('/.well-known/oauth-protected-resource/mcp', false)).toBe('oauth');
    expect(classifyRoute('/token', false)).toBe('oauth');
    expect(classifyRoute('/oauth/consent/abc', false)).toBe('consent-page');
    expect(classifyRoute('/assets/index.js', false)).toBe('panel-ui');
  });
});
