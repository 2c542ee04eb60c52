import type { ParameterInformation, SignatureHelp } from 'vscode-languageserver/node';
import type { IndexedSymbol } from '../index/document-index.js';
import type { IndexView } from '../index/index-view.js';
import { enclosingCall, type Cursor } from './text-context.js';

/**
 * The signature of the routine whose argument list holds the cursor, with the argument the
 * cursor is in: a program's routine with its parameters, or a configured function with the
 * number of arguments its config allows.
 */
export function signatureHelp(view: IndexView, { text, offset, indexOffset }: Cursor): SignatureHelp | null {
  const call = enclosingCall(text, offset);
  if (!call) return null;
  const callee = view.lookup(text.slice(call.callee.from, call.callee.to), indexOffset);
  if (!callee) return null;
  if (callee.kind === 'builtin-function') return builtin(callee, call.argument);
  if ((callee.kind !== 'function' && callee.kind !== 'procedure') || !callee.params) return null;
  const params = callee.params.flatMap((id) => view.symbol(id) ?? []);
  const parts = params.map((p) => `${p.byReference ? 'VAR ' : ''}${p.name}${p.typeText ? `: ${p.typeText}` : ''}`);
  const result = callee.kind === 'function' && callee.typeText ? `: ${callee.typeText}` : '';
  const label = `${callee.name}(${parts.join('; ')})${result}`;
  const parameters: ParameterInformation[] = [];
  let at = callee.name.length + 1;
  for (const part of parts) {
    parameters.push({ label: [at, at + part.length] });
    at += part.length + 2;
  }
  return {
    signatures: [{ label, parameters, documentation: { kind: 'markdown', value: callee.hover } }],
    activeSignature: 0,
    activeParameter: Math.min(call.argument, Math.max(parameters.length - 1, 0)),
  };
}

function builtin(fn: IndexedSymbol, argument: number): SignatureHelp {
  const min = fn.minArgs ?? 0;
  const max = fn.maxArgs ?? -1;
  // Arguments are unnamed in configs: arg1, arg2, ... then `...` when any number more may follow.
  const shown = max === -1 ? Math.max(min, 1) : max;
  const parts = Array.from({ length: shown }, (_, i) => (i < min ? `arg${i + 1}` : `arg${i + 1}?`));
  if (max === -1) parts.push('...');
  const label = `${fn.name}(${parts.join(', ')})`;
  const parameters: ParameterInformation[] = [];
  let at = fn.name.length + 1;
  for (const part of parts) {
    parameters.push({ label: [at, at + part.length] });
    at += part.length + 2;
  }
  const active =
    max === -1 && argument >= shown ? parts.length - 1 : Math.min(argument, Math.max(parameters.length - 1, 0));
  return {
    signatures: [{ label, parameters, ...(fn.description && { documentation: fn.description }) }],
    activeSignature: 0,
    activeParameter: active,
  };
}
