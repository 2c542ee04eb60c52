import { readFileSync } from 'node:fs';
import { generateC, loadLanguageConfig, analyze } from '@parsercraft/language';
const spec = (await loadLanguageConfig('/work/main/test/fixtures/parsercraft/configs/pascal_like.yaml')).spec;
const text = readFileSync(process.argv[2]!, 'utf8');
const a = analyze(spec, text);
for (const d of a.diagnostics) console.error(`${d.range.start.line + 1}:${d.range.start.character + 1} ${d.severity} ${d.code}: ${d.message}`);
const g = generateC(spec, text);
for (const d of g.diagnostics.filter(d=>d.source==='parsercraft-codegen')) console.error(`CG ${d.range.start.line + 1}:${d.range.start.character + 1} ${d.message}`);
if (g.code) process.stdout.write(g.code);
