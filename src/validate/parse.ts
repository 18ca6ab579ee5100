import { LineCounter, parseDocument } from 'yaml';
import { SpecLoadError } from './errors.ts';

/**
 * Parses an OpenAPI file's text: JSON when it looks like JSON, YAML otherwise.
 * Syntax errors name the file and every offending line:col, so one run shows them all.
 */
export function parseSpecText(text: string, source: string): unknown {
  return /^\s*[{[]/.test(text) ? parseJson(text, source) : parseYaml(text, source);
}

function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const offset = /position (\d+)/.exec(message)?.[1];
    const at = offset === undefined ? '' : `:${lineCol(text, Number(offset))}`;
    throw new SpecLoadError('SPEC_SYNTAX', source, `JSON syntax error in ${source}${at}: ${message}`, { cause: err });
  }
}

function parseYaml(text: string, source: string): unknown {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    const lines = doc.errors.map((e) => {
      const pos = lineCounter.linePos(e.pos[0]);
      return `  ${source}:${pos.line}:${pos.col}: ${e.message.split('\n')[0]}`;
    });
    throw new SpecLoadError('SPEC_SYNTAX', source, `YAML syntax error in ${source}\n${lines.join('\n')}`);
  }
  return doc.toJS({ maxAliasCount: -1 });
}

function lineCol(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `${before.length}:${(before.at(-1)?.length ?? 0) + 1}`;
}
