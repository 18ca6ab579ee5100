import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';
import type { Position } from '../rules/types.ts';
import { pointerSegments } from './pointer.ts';

/**
 * Positions of nodes in a parsed YAML document, found by JSON pointer. The Document is kept
 * (not just its JS value) because that is the only place positions live.
 */
export interface Locator {
  /** Position of the value at `pointer`, or of its closest existing ancestor. */
  positionOf(pointer: string): Position;
  /** Position of the key that holds the value at `pointer` (the value's position for sequence items). */
  keyPositionOf(pointer: string): Position;
}

interface Found {
  readonly node: Node | null;
  readonly key: Node | null;
}

export function createLocator(file: string, doc: Document, lineCounter: LineCounter): Locator {
  const at = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, column: col };
  };
  const start = (node: Node | null): Position => at(node?.range?.[0] ?? 0);
  return {
    positionOf: (pointer) => start(find(doc, pointer).node),
    keyPositionOf: (pointer) => {
      const found = find(doc, pointer);
      return start(found.key ?? found.node);
    },
  };
}

/** Walks as far as the pointer matches; a missing tail leaves the deepest node found. */
function find(doc: Document, pointer: string): Found {
  let node = asNode(doc.contents, doc);
  let key: Node | null = null;
  for (const segment of pointerSegments(pointer)) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && keyText(p.key) === segment);
      if (!pair) break;
      key = isScalar(pair.key) || isMap(pair.key) || isSeq(pair.key) ? (pair.key as Node) : null;
      // `key:` with no value has a null value node; the key is then the best place to point at.
      node = asNode(pair.value, doc) ?? key;
    } else if (isSeq(node)) {
      const item = asNode(node.items[Number(segment)], doc);
      if (!item) break;
      key = null;
      node = item;
    } else break;
  }
  return { node, key };
}

function asNode(value: unknown, doc: Document): Node | null {
  if (isAlias(value)) return (value.resolve(doc) as Node | undefined) ?? value;
  return isScalar(value) || isMap(value) || isSeq(value) ? (value as Node) : null;
}

function keyText(key: unknown): string | undefined {
  return isScalar(key) ? String(key.value) : undefined;
}
