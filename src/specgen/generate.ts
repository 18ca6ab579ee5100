import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateBundle, toJsonText } from './bundle.ts';
import { generateMessageCodes } from './messageCodes.ts';
import { bundleSources, messageCodeSource } from './sources.ts';

/** Every artefact of specs/ as file name -> text, generated in memory from the official files in `sharedDir`. */
export function generateAll(sharedDir: string): Map<string, string> {
  const read = (file: string): string => readFileSync(join(sharedDir, file), 'utf8');
  const out = new Map<string, string>();
  for (const { file, out: name } of bundleSources) out.set(name, toJsonText(generateBundle(read(file), file)));
  const { file, out: name } = messageCodeSource;
  out.set(name, toJsonText(generateMessageCodes(read(file), file)));
  return out;
}
