/** One replaced span: in the text before it, [from, to) became `inserted` characters. */
interface OffsetEdit {
  /** The version the edit produced. */
  readonly version: number;
  readonly from: number;
  readonly to: number;
  readonly inserted: number;
}

/** More edits than this waiting for an index (minutes of typing into a document that cannot be analysed): mapping gives up. */
const MAX_EDITS = 50_000;

/**
 * The edits of each document since the version its last index is of, so an offset in the
 * current text can be found in that older text: completion and signature help answer from
 * the last index while a newer one is built, and must look up names at the place the
 * cursor is in that index's text, not at the same line and column.
 */
export class EditLog {
  private readonly edits = new Map<string, OffsetEdit[]>();
  /** Documents whose log overflowed: nothing older than their current version can be mapped. */
  private readonly overflowed = new Map<string, number>();
  /** The version each document's log was trimmed to: edits up to it are gone. */
  private readonly trimmedTo = new Map<string, number>();

  record(uri: string, version: number, from: number, to: number, inserted: number): void {
    const list = this.edits.get(uri) ?? [];
    list.push({ version, from, to, inserted });
    if (list.length > MAX_EDITS) {
      this.edits.delete(uri);
      this.overflowed.set(uri, version);
      return;
    }
    this.edits.set(uri, list);
  }

  /**
   * Where an offset of the current text is in the text of `version`: an offset inside text
   * an edit since then replaced maps to where that edit began. Undefined when the log
   * cannot say (it overflowed after `version`).
   */
  toVersion(uri: string, offset: number, version: number): number | undefined {
    const overflowedAt = this.overflowed.get(uri);
    if (overflowedAt !== undefined && overflowedAt > version) return undefined;
    const list = this.edits.get(uri) ?? [];
    let at = offset;
    for (let i = list.length - 1; i >= 0; i--) {
      const e = list[i] as OffsetEdit;
      if (e.version <= version) break;
      if (at >= e.from + e.inserted) at = at - e.inserted + (e.to - e.from);
      else if (at > e.from) at = e.from;
    }
    return at;
  }

  /**
   * Where a span of the text of `version` is in the current text: undefined when an edit
   * since then touched it (the text it names may be gone) or the log cannot say.
   */
  spanToCurrent(uri: string, from: number, to: number, version: number): { from: number; to: number } | undefined {
    const overflowedAt = this.overflowed.get(uri);
    if (overflowedAt !== undefined && overflowedAt > version) return undefined;
    if ((this.trimmedTo.get(uri) ?? -Infinity) > version) return undefined;
    let span = { from, to };
    for (const e of this.edits.get(uri) ?? []) {
      if (e.version <= version) continue;
      const empty = span.from === span.to;
      // Wholly before the span (an insertion right at its start too, unless the span is that very point): it moves.
      if (e.to < span.from || (e.to === span.from && !(empty && e.from === e.to))) {
        const shift = e.inserted - (e.to - e.from);
        span = { from: span.from + shift, to: span.to + shift };
      } else if (e.from > span.to || (e.from === span.to && !empty)) continue;
      else return undefined;
    }
    return span;
  }

  /** Nothing older than `version` will be mapped to any more (the document's index is of it). */
  trim(uri: string, version: number): void {
    this.trimmedTo.set(uri, Math.max(version, this.trimmedTo.get(uri) ?? -Infinity));
    const list = this.edits.get(uri);
    if (list) {
      const keep = list.filter((e) => e.version > version);
      if (keep.length) this.edits.set(uri, keep);
      else this.edits.delete(uri);
    }
    const overflowedAt = this.overflowed.get(uri);
    if (overflowedAt !== undefined && overflowedAt <= version) this.overflowed.delete(uri);
  }

  delete(uri: string): void {
    this.edits.delete(uri);
    this.overflowed.delete(uri);
    this.trimmedTo.delete(uri);
  }
}
