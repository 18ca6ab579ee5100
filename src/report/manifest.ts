import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { RUN_FILES } from './runs.ts';
import { sha256 } from './run-info.ts';

/** Every file under `dir`, as sorted paths relative to it with `/` separators. */
export function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join('/'))
    .sort();
}

/**
 * report.sha256 in the run folder: every file of the run, in `sha256sum -c` format, so a copy of
 * the folder can be checked without this tool. (The signed form is `psd2-conformance archive`.)
 */
export function writeRunManifest(runDir: string): string {
  const file = join(runDir, RUN_FILES.manifest);
  const lines = filesUnder(runDir)
    .filter((f) => f !== RUN_FILES.manifest)
    .map((f) => `${sha256(readFileSync(join(runDir, f)))}  ${f}`);
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}
