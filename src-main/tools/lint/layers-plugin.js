// Two lint rules that keep the architecture honest (VS Code's way: layers enforced by a tool).
//
// `layers/allowed-imports`: a file in one folder of the layer table (layer-table.js) may import
// only from its own folder and from the folders the table lists for it.
//
// `layers/no-cycle`: no chain of imports may lead from a module back to itself. Written here
// rather than taken from eslint-plugin-import(-x)'s `no-cycle` because that rule skips type-only
// imports, and a type-only cycle is still two modules that cannot be understood (or moved) apart —
// both cycles this rule was written to remove were type-only. Only relative imports are followed
// (packages cannot import us back); the other modules' imports are read with a small scanner
// (import/export … from '…', import('…')), cached per file for the lint run.
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const IMPORT_RE =
  /(?:^|[\n;])\s*(?:import|export)\s+(?:type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"\n]+)['"]|\bimport\(\s*['"]([^'"\n]+)['"]\s*\)/g;

/** Resolves a relative specifier the way this repository writes them (explicit extensions). */
export function resolveRelative(fromFile, spec) {
  const base = path.resolve(path.dirname(fromFile), spec);
  const candidates = [base, base.replace(/\.js$/, '.ts'), `${base}.ts`, path.join(base, 'index.ts')];
  for (const c of candidates) {
    try {
      if (statSync(c).isFile()) return c;
    } catch {
      // try the next form
    }
  }
  return null;
}

/** The relative imports of a file on disk (a cheap scan, not a parse). */
const importCache = new Map();
export function scanImports(file) {
  let mtime;
  try {
    mtime = statSync(file).mtimeMs;
  } catch {
    return [];
  }
  const hit = importCache.get(file);
  if (hit && hit.mtime === mtime) return hit.imports;
  const text = readFileSync(file, 'utf8');
  const imports = [];
  for (const m of text.matchAll(IMPORT_RE)) {
    const spec = m[1] ?? m[2];
    if (!spec || !spec.startsWith('.')) continue;
    const resolved = resolveRelative(file, spec);
    if (resolved) imports.push(resolved);
  }
  importCache.set(file, { mtime, imports });
  return imports;
}

/** Every import source node of a module: imports, re-exports, dynamic imports. */
function sourceVisitors(onSource) {
  const visit = (node) => {
    if (node.source && typeof node.source.value === 'string') onSource(node.source.value, node);
  };
  return {
    ImportDeclaration: visit,
    ExportNamedDeclaration: visit,
    ExportAllDeclaration: visit,
    ImportExpression: visit,
  };
}

const toPosix = (p) => p.split(path.sep).join('/');

/** The layer a file belongs to: the longest folder of the table that holds it. */
export function layerOf(file, root, layers) {
  const rel = toPosix(path.relative(root, file));
  let best = null;
  for (const l of layers) {
    if (rel.startsWith(`${l.layer}/`) && (!best || l.layer.length > best.layer.length)) best = l;
  }
  return best;
}

// Tests and their support modules (`*-test-support.ts`, imported only by tests) may import what they test.
const isTest = (file) => /(\.test|-test-support)\.ts$/.test(file);

const allowedImports = {
  meta: {
    type: 'problem',
    docs: { description: 'A folder imports only the folders the layer table allows.' },
    schema: [
      {
        type: 'object',
        properties: { root: { type: 'string' }, layers: { type: 'array' } },
        required: ['root', 'layers'],
        additionalProperties: false,
      },
    ],
    messages: {
      crossLayer:
        '{{from}} may not import {{to}} ("{{spec}}"): {{why}}. It may import {{allowed}} (README, "Layout").',
    },
  },
  create(context) {
    const { root, layers } = context.options[0];
    const file = context.physicalFilename;
    if (isTest(file)) return {};
    const own = layerOf(file, root, layers);
    if (!own) return {};
    return sourceVisitors((spec, node) => {
      if (!spec.startsWith('.')) return;
      const target = layerOf(path.resolve(path.dirname(file), spec), root, layers);
      if (!target || target.layer === own.layer || own.may.includes(target.layer)) return;
      context.report({
        node,
        messageId: 'crossLayer',
        data: {
          from: own.layer,
          to: target.layer,
          spec,
          why: own.why,
          allowed: own.may.length > 0 ? own.may.join(', ') : 'nothing outside itself',
        },
      });
    });
  },
};

/** A path of imports from `start` back to `target`, or null (breadth-first, each module once). */
export function findCycle(start, target) {
  const previous = new Map([[start, null]]);
  const queue = [start];
  while (queue.length > 0) {
    const at = queue.shift();
    for (const next of scanImports(at)) {
      if (next === target) {
        const route = [next];
        for (let m = at; m !== null; m = previous.get(m)) route.unshift(m);
        return route;
      }
      if (!previous.has(next)) {
        previous.set(next, at);
        queue.push(next);
      }
    }
  }
  return null;
}

const noCycle = {
  meta: {
    type: 'problem',
    docs: { description: 'No chain of imports (type-only ones included) leads back to the importer.' },
    schema: [
      {
        type: 'object',
        properties: { root: { type: 'string' } },
        required: ['root'],
        additionalProperties: false,
      },
    ],
    messages: {
      cycle:
        'import cycle: {{route}}. Move what both sides need into a module of its own (or pass it in as a parameter).',
    },
  },
  create(context) {
    const { root } = context.options[0];
    const file = context.physicalFilename;
    if (isTest(file)) return {};
    return sourceVisitors((spec, node) => {
      if (!spec.startsWith('.')) return;
      const imported = resolveRelative(file, spec);
      if (!imported || imported === file) return;
      const route = findCycle(imported, file);
      if (!route) return;
      const names = [file, ...route].map((f) => toPosix(path.relative(root, f)));
      context.report({ node, messageId: 'cycle', data: { route: names.join(' → ') } });
    });
  },
};

export default {
  meta: { name: 'cascade-layers' },
  rules: { 'allowed-imports': allowedImports, 'no-cycle': noCycle },
};
