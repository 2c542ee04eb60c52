import type { Fix } from '@parsercraft/language';

/** What the server stores in a published diagnostic's `data`, so its fixes come back with it. */
export interface DiagnosticData {
  readonly fixes?: readonly Fix[];
}
