import {
  createMetrics,
  DEFAULT_PLANS,
  HealthRegistry,
  RecoveryManager,
  type ComponentSnapshot,
  type HealthStatus,
  type Logger,
  type Metrics,
  type PcError,
  type RecoveryPlan,
} from '@parsercraft/core';

import type { ComponentStatus, ServerStatus, StatusLevel } from '../protocol/parsercraft-protocol.js';

export type { ComponentStatus, ServerStatus, StatusLevel };
export { HEALTH_REQUEST, SERVER_STATUS_NOTIFICATION } from '../protocol/parsercraft-protocol.js';

/** How long a fresh worker may take to load a config and build its parser before a job's own deadline starts. */
export const LOAD_ALLOWANCE_MS = 10_000;

const REPLACEMENT_WINDOW_MS = 60_000;

const LEVEL: Readonly<Record<HealthStatus, StatusLevel>> = { healthy: 'ok', degraded: 'warning', unhealthy: 'error' };

/** The server's parts, each a core health component; plans report into the first three, registries into `registry:<origin>`. */
const COMPONENTS = [
  { name: 'analysis', critical: true, description: 'Parsing, names and types of open documents, in worker threads.' },
  { name: 'protocolCheck', critical: false, description: 'Protocol conformance checks.' },
  { name: 'codegen', critical: false, description: 'C generation (parsercraft.generateC).' },
  { name: 'memory', critical: false, description: 'The server heap against its limit.' },
  {
    name: 'packages',
    critical: false,
    description: 'Language packages named in parsercraft.json, installed from their registries.',
  },
] as const;

export interface ServerHealthOptions {
  /** Budget of one analysis (the plan's timeout). */
  readonly analysisTimeoutMs: number;
  readonly codegenTimeoutMs: number;
  readonly logger: Logger;
}

/**
 * The server's health: core's registry with one component per part, the recovery plans
 * that feed it (analysis, protocol checks, code generation), and metrics over both.
 */
export class ServerHealth {
  readonly registry = new HealthRegistry();
  readonly recovery: RecoveryManager;
  readonly metrics: Metrics;
  /** The documents whose jobs had workers stopped and replaced, and when, for the `workers` mark. */
  private readonly replacements = new Map<string, number>();

  constructor(options: ServerHealthOptions) {
    for (const c of COMPONENTS) this.registry.register(c);
    this.recovery = new RecoveryManager({
      plans: { ...DEFAULT_PLANS, ...plansFor(options.analysisTimeoutMs, options.codegenTimeoutMs) },
      health: this.registry,
      logger: options.logger,
    });
    this.metrics = createMetrics({ processMetrics: true });
    this.metrics.trackRecovery(this.recovery);
    this.metrics.trackHealth(this.registry);
  }

  /** The analysis and code generation budgets the client asked for (a config reload starts their policies afresh). */
  setTimeouts(analysisTimeoutMs: number, codegenTimeoutMs: number): void {
    for (const [operation, plan] of Object.entries(plansFor(analysisTimeoutMs, codegenTimeoutMs)))
      this.recovery.define(operation, plan);
  }

  /**
   * An analysis worker was stopped (a runaway past its deadline) or died (out of memory, a
   * crash) and was replaced, running a job on `uri`: analysis shows it until that
   * document's full analysis succeeds or it is closed (so another document's success does
   * not clear it early), and for a minute at most.
   */
  workerReplaced(reason: PcError, uri: string | undefined): void {
    const now = Date.now();
    this.prune(now);
    this.replacements.set(uri ?? `(no document) ${now}`, now);
    const n = this.replacements.size;
    this.registry
      .get('analysis')
      ?.mark(
        'workers',
        'degraded',
        `${n === 1 ? 'an analysis worker was' : `analysis workers were`} stopped and replaced for ${n === 1 ? 'one document' : `${n} documents`} in the last minute; the last because: ${reason.message}`,
        { code: reason.code, runbook: reason.runbook, ttlMs: REPLACEMENT_WINDOW_MS },
      );
  }

  /** The document's full analysis succeeded, or it was closed: its worker replacements are behind us. */
  workersRecovered(uri: string): void {
    if (!this.replacements.delete(uri)) return;
    this.prune(Date.now());
    if (this.replacements.size === 0) this.registry.get('analysis')?.clearMark('workers');
  }

  private prune(now: number): void {
    for (const [key, at] of this.replacements) if (now - at >= REPLACEMENT_WINDOW_MS) this.replacements.delete(key);
  }

  status(quiescent: boolean): ServerStatus {
    const snapshot = this.registry.snapshot();
    const components = snapshot.components.map(componentStatus);
    const troubled = components.filter((c) => c.status !== 'ok');
    const message =
      troubled.length === 0
        ? 'ParserCraft language server is ready.'
        : troubled.map((c) => `${c.name}: ${c.reason ?? c.status}`).join('\n');
    // From the components themselves, so one message never says ok beside a component that is not.
    const critical = new Set(snapshot.components.filter((c) => c.critical).map((c) => c.name));
    const health: StatusLevel = troubled.some((c) => c.status === 'error' && critical.has(c.name))
      ? 'error'
      : troubled.length > 0
        ? 'warning'
        : 'ok';
    return { health, quiescent, message, components };
  }

  dispose(): void {
    this.registry.dispose();
  }
}

/**
 * The plans whose budgets the client sets. An analysis's own budget is a deadline on its
 * running time, which the pool enforces (a wait in the queue behind another document is
 * not this one running away); the plan's timeout only bounds queue, cold start and all.
 */
function plansFor(analysisTimeoutMs: number, codegenTimeoutMs: number): Record<string, RecoveryPlan> {
  return {
    'lsp.analysis': { ...DEFAULT_PLANS['lsp.analysis'], timeoutMs: analysisTimeoutMs * 5 + LOAD_ALLOWANCE_MS },
    'lsp.codegen': { ...DEFAULT_PLANS['lsp.codegen'], timeoutMs: codegenTimeoutMs },
  };
}

function componentStatus(c: ComponentSnapshot): ComponentStatus {
  const worst = [...c.reasons].sort((a, b) => rank(b.status) - rank(a.status))[0];
  return {
    name: c.name,
    status: LEVEL[c.status],
    ...(worst && { reason: worst.reason }),
    ...(worst?.code !== undefined && { code: worst.code }),
    ...(worst?.runbook !== undefined && { runbook: worst.runbook }),
  };
}

const rank = (s: HealthStatus): number => (s === 'unhealthy' ? 2 : s === 'degraded' ? 1 : 0);
