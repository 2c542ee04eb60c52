import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  CoreErrorCodes as C,
  HealthRegistry,
  PcError,
  type ComponentChangeEvent,
  type HealthChangeEvent,
} from '../src/index.js';
import { overallStatus } from '../src/health/status.js';

const failure = (): PcError => new PcError(C.PC_NET_RESET, 'read ECONNRESET');

describe('HealthRegistry', () => {
  let health: HealthRegistry;
  beforeEach(() => {
    vi.useFakeTimers({ now: new Date('2026-11-23T12:00:00Z') });
    health = new HealthRegistry({ changeIntervalMs: 1_000 });
  });
  afterEach(() => {
    health.dispose();
    vi.useRealTimers();
  });

  it('derives the whole from its parts: critical unhealthy is unhealthy, anything else short of healthy is degraded', () => {
    expect(overallStatus([])).toBe('healthy');
    expect(overallStatus([{ critical: false, status: 'unhealthy' }])).toBe('degraded');
    expect(overallStatus([{ critical: true, status: 'degraded' }])).toBe('degraded');
    expect(
      overallStatus([
        { critical: true, status: 'unhealthy' },
        { critical: false, status: 'healthy' },
      ]),
    ).toBe('unhealthy');

    const registry = health.register({ name: 'registry', critical: false });
    const analysis = health.register({ name: 'analysis', critical: true });
    expect(health.status()).toBe('healthy');
    registry.setBreakerState('registry.packument', 'open');
    expect(health.status()).toBe('degraded');
    analysis.setBreakerState('lsp.analysis', 'open');
    expect(health.status()).toBe('unhealthy');
    analysis.setBreakerState('lsp.analysis', 'half-open');
    expect(health.snapshot().components.find((c) => c.name === 'analysis')!.status).toBe('degraded');
    expect(health.status()).toBe('degraded');
  });

  it('turns the recent error rate into a status, and recovers as failures age out of the window', async () => {
    const component = health.register({
      name: 'registry',
      errorRate: { windowMs: 60_000, minCalls: 5, degradedAt: 0.2, unhealthyAt: 0.5 },
    });
    for (let i = 0; i < 4; i++) component.recordOutcome(false, 10, failure());
    expect(health.status()).toBe('healthy'); // fewer than minCalls say nothing
    component.recordOutcome(true, 10);
    for (let i = 0; i < 5; i++) component.recordOutcome(true, 10);
    let snap = health.snapshot().components[0]!;
    expect(snap.status).toBe('degraded'); // 4 of 10
    expect(snap.reasons[0]).toMatchObject({
      source: 'error-rate',
      reason: '4 of 10 calls failed in the last 60 s',
      code: 'PC_NET_RESET',
    });
    component.recordOutcome(false, 10, failure());
    component.recordOutcome(false, 10, failure());
    expect(health.snapshot().components[0]!.status).toBe('unhealthy'); // 6 of 12
    await vi.advanceTimersByTimeAsync(70_000);
    snap = health.snapshot().components[0]!;
    expect(snap.status).toBe('healthy');
    expect(snap.errorRate).toEqual({ windowMs: 60_000, calls: 0, failures: 0, rate: 0 });
    expect(snap.lastError).toEqual({
      code: 'PC_NET_RESET',
      message: 'read ECONNRESET',
      runbook: 'RUNBOOK.md#pc_net_reset',
      at: '2026-11-23T12:00:00.000Z',
    });
  });

  it('reports latency, last error and since-when in a JSON snapshot', async () => {
    const component = health.register({ name: 'registry', critical: true, description: 'npm registry' });
    component.recordOutcome(true, 42.5);
    await vi.advanceTimersByTimeAsync(5_000);
    component.setBreakerState('registry.tarball', 'open');
    const snapshot = JSON.parse(JSON.stringify(health.snapshot())) as ReturnType<HealthRegistry['snapshot']>;
    expect(snapshot).toEqual({
      status: 'unhealthy',
      since: '2026-11-23T12:00:05.000Z',
      checkedAt: '2026-11-23T12:00:05.000Z',
      components: [
        {
          name: 'registry',
          critical: true,
          description: 'npm registry',
          status: 'unhealthy',
          since: '2026-11-23T12:00:05.000Z',
          reasons: [
            {
              source: 'registry.tarball',
              status: 'unhealthy',
              reason: 'circuit breaker for registry.tarball is open',
              code: 'PC_CIRCUIT_OPEN',
              runbook: 'RUNBOOK.md#pc_circuit_open',
            },
          ],
          latencyMs: 42.5,
          lastError: null,
          breakers: { 'registry.tarball': 'open' },
          errorRate: { windowMs: 60_000, calls: 1, failures: 0, rate: 0 },
          lastProbe: null,
        },
      ],
    });
  });

  describe('probes', () => {
    it('runs every probe in parallel within its own timeout', async () => {
      health.register({ name: 'ok', probe: () => undefined });
      health.register({ name: 'slow-but-fine', probe: () => new Promise((resolve) => setTimeout(resolve, 300)) });
      health.register({ name: 'degraded', probe: () => ({ status: 'degraded', reason: 'serving from stale cache' }) });
      health.register({
        name: 'throws',
        critical: true,
        probe: () => Promise.reject(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })),
      });
      let probeSignal: AbortSignal | undefined;
      health.register({
        name: 'hangs',
        probeTimeoutMs: 1_000,
        probe: (signal) => {
          probeSignal = signal;
          return new Promise(() => undefined);
        },
      });
      const checked = health.check();
      await vi.advanceTimersByTimeAsync(1_000);
      const snapshot = await checked;
      const byName = Object.fromEntries(snapshot.components.map((c) => [c.name, c]));
      expect(byName['ok']!.status).toBe('healthy');
      expect(byName['slow-but-fine']!.lastProbe).toMatchObject({ status: 'healthy', latencyMs: 300 });
      expect(byName['degraded']!.reasons[0]).toMatchObject({
        source: 'probe',
        status: 'degraded',
        reason: 'serving from stale cache',
      });
      expect(byName['throws']!.reasons[0]).toMatchObject({
        status: 'unhealthy',
        code: 'PC_NET_REFUSED',
        runbook: 'RUNBOOK.md#pc_net_refused',
      });
      expect(byName['throws']!.lastError!.code).toBe('PC_NET_REFUSED');
      expect(byName['hangs']!.reasons[0]).toMatchObject({ status: 'unhealthy', code: 'PC_TIMEOUT' });
      expect(byName['hangs']!.lastProbe!.latencyMs).toBe(1_000);
      expect(probeSignal!.aborted).toBe(true);
      expect(snapshot.status).toBe('unhealthy');
    });

    it('stops probing when the caller cancels the check', async () => {
      health.register({ name: 'hangs', probe: () => new Promise(() => undefined) });
      const controller = new AbortController();
      const checked = health.check({ signal: controller.signal });
      controller.abort();
      const snapshot = await checked;
      expect(snapshot.components[0]!.reasons[0]).toMatchObject({ code: 'PC_CANCELLED' });
    });
  });

  it('keeps marks until cleared or expired', async () => {
    const component = health.register({ name: 'registry' });
    component.mark('cache', 'degraded', 'serving stale packuments', { code: 'PC_NET_REFUSED', ttlMs: 10_000 });
    expect(health.status()).toBe('degraded');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(health.status()).toBe('healthy');
    component.mark('manual', 'unhealthy', 'operator switched it off');
    expect(health.snapshot().components[0]!.status).toBe('unhealthy');
    component.clearMark('manual');
    expect(health.status()).toBe('healthy');
  });

  it('emits change events without flapping storms', async () => {
    const component = health.register({ name: 'registry', critical: true });
    const componentEvents: ComponentChangeEvent[] = [];
    const overallEvents: HealthChangeEvent[] = [];
    health.onComponentChange((e) => componentEvents.push(e));
    health.onChange((e) => overallEvents.push(e));

    component.setBreakerState('op', 'open');
    await vi.advanceTimersByTimeAsync(0);
    expect(componentEvents.map((e) => `${e.from}->${e.to}`)).toEqual(['healthy->unhealthy']);
    expect(overallEvents.map((e) => `${e.from}->${e.to}`)).toEqual(['healthy->unhealthy']);
    expect(overallEvents[0]!.snapshot.status).toBe('unhealthy');

    // Flapping within the interval: many changes, at most one trailing event.
    for (let i = 0; i < 50; i++) {
      component.setBreakerState('op', i % 2 === 0 ? 'half-open' : 'open');
      await vi.advanceTimersByTimeAsync(10);
    }
    expect(componentEvents).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(componentEvents).toHaveLength(1); // ended where it was last reported: no event at all

    component.setBreakerState('op', 'closed');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(componentEvents.map((e) => e.to)).toEqual(['unhealthy', 'healthy']);
    expect(overallEvents.map((e) => e.to)).toEqual(['unhealthy', 'healthy']);
  });

  it('a throwing listener does not break reporting or other listeners', async () => {
    const warnings = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const component = health.register({ name: 'registry' });
    const seen: string[] = [];
    health.onComponentChange(() => {
      throw new Error('listener bug');
    });
    health.onComponentChange((e) => seen.push(e.to));
    component.setBreakerState('op', 'open');
    await vi.advanceTimersByTimeAsync(0);
    expect(seen).toEqual(['unhealthy']);
    expect(warnings).toHaveBeenCalledWith(
      expect.stringContaining('listener bug'),
      expect.objectContaining({ code: 'PC_LISTENER_FAILED' }),
    );
    warnings.mockRestore();
  });

  it('returns the existing component for a repeated name, and refuses a conflicting criticality', () => {
    const first = health.register({ name: 'registry', critical: false });
    expect(health.register({ name: 'registry' })).toBe(first);
    expect(() => health.register({ name: 'registry', critical: true })).toThrow(PcError);
    health.unregister('registry');
    expect(health.snapshot().components).toEqual([]);
  });
});
