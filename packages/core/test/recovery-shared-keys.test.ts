import { describe, expect, it } from 'vitest';
import { HealthRegistry, PcError, CoreErrorCodes as C, RecoveryManager, type RecoveryPlan } from '../src/index.js';

/** One breaker per document, all reporting into one critical component, as the language server's analysis does. */
const PLAN: RecoveryPlan = {
  breaker: { kind: 'consecutive', threshold: 2, halfOpenAfterMs: 60_000 },
  degrade: { on: ['timeout', 'unavailable'] },
  health: { component: 'analysis', critical: true, keys: 'shared' },
};

const timeout = (): PcError => new PcError(C.PC_TIMEOUT, 'ran past its deadline');

async function failTwice(manager: RecoveryManager, key: string): Promise<void> {
  for (let i = 0; i < 2; i++)
    await manager.execute('doc', () => Promise.reject(timeout()), undefined, { key, degrade: () => 'syntax only' });
}

describe('keyed calls reporting into a shared component', () => {
  it('opens only the failing key, degrades the shared component without making the process unhealthy', async () => {
    const health = new HealthRegistry();
    const manager = new RecoveryManager({ plans: { doc: PLAN }, health });
    await failTwice(manager, 'file:///bad.pas');
    // Another document's breaker is its own: still closed, its calls still run.
    await expect(
      manager.execute('doc', () => Promise.resolve('full'), undefined, { key: 'file:///ok.pas' }),
    ).resolves.toBe('full');
    let ran = false;
    const bad = await manager.execute(
      'doc',
      () => {
        ran = true;
        return Promise.resolve('full');
      },
      undefined,
      { key: 'file:///bad.pas', degrade: () => 'syntax only' },
    );
    expect(bad).toBe('syntax only');
    expect(ran).toBe(false);
    const snapshot = health.snapshot();
    expect(snapshot.components.map((c) => c.name)).toEqual(['analysis']);
    const analysis = snapshot.components[0];
    expect(analysis?.status).toBe('degraded');
    expect(analysis?.breakers).toMatchObject({ 'doc:file:///bad.pas': 'open' });
    expect(snapshot.status).toBe('degraded');
    health.dispose();
  });

  it('release() forgets a key: its breaker and degrade mark leave the component', async () => {
    const health = new HealthRegistry();
    const manager = new RecoveryManager({ plans: { doc: PLAN }, health });
    await failTwice(manager, 'file:///bad.pas');
    expect(health.snapshot().status).toBe('degraded');
    manager.release('doc', 'file:///bad.pas');
    const analysis = health.snapshot().components[0];
    expect(analysis?.status).toBe('healthy');
    expect(analysis?.breakers).toEqual({});
    // A new instance for the same key starts closed.
    await expect(
      manager.execute('doc', () => Promise.resolve('full'), undefined, { key: 'file:///bad.pas' }),
    ).resolves.toBe('full');
    expect(manager.runners().map((r) => r.key)).toEqual(['file:///bad.pas']);
    health.dispose();
  });

  it('keys of an unshared plan still get a component each, and release() unregisters it', async () => {
    const health = new HealthRegistry();
    const manager = new RecoveryManager({
      plans: { fetch: { breaker: PLAN.breaker, health: { component: 'registry', critical: false } } },
      health,
    });
    await manager.execute('fetch', () => Promise.resolve(1), undefined, { key: 'https://a.example' });
    expect(health.snapshot().components.map((c) => c.name)).toContain('registry:https://a.example');
    manager.release('fetch', 'https://a.example');
    expect(health.snapshot().components.map((c) => c.name)).not.toContain('registry:https://a.example');
    health.dispose();
  });
});
