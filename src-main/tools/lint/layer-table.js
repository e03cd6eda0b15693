// Who may import whom: the layer table of the README's "Layout" section, enforced by
// `layers/allowed-imports` (lint/layers-plugin.js). A folder may always import its own files and any
// npm package the other rules allow; tests (`*.test.ts`) may import whatever they test.
// Change the README's table with this one.

/** @type {{ layer: string, may: string[], why: string }[]} */
export const LAYERS = [
  { layer: 'src-main/engine', may: [], why: 'the engine is pure simulation and imports nothing above it' },
  {
    layer: 'src-main/contract',
    may: ['src-main/engine'],
    why: 'the contract is the pure API between renderer and main',
  },
  { layer: 'src-main/scenarios', may: ['src-main/engine'], why: 'scenarios are data for the engine' },
  {
    layer: 'src-main/training',
    may: ['src-main/engine', 'src-main/contract'],
    why: 'training logic is pure: formats, measures, scoring',
  },
  { layer: 'src-main/store', may: ['src-main/engine'], why: 'the store persists; it runs no use case' },
  {
    layer: 'src-main/services',
    may: [
      'src-main/engine',
      'src-main/contract',
      'src-main/scenarios',
      'src-main/training',
      'src-main/store',
    ],
    why: 'services are the use cases every host shares',
  },
  {
    layer: 'src-main/host',
    may: ['src-main/services', 'src-main/contract'],
    why: 'a host reaches the app only through the services',
  },
  {
    layer: 'src-main/electron',
    may: ['src-main/services', 'src-main/contract', 'src-main/host'],
    why: 'a host reaches the app only through the services (it shares the static-file rules of host/)',
  },
  {
    layer: 'src-main/cli',
    may: ['src-main/services', 'src-main/contract'],
    why: 'the command line is a host: it reaches the app only through the services',
  },
  {
    layer: 'src-main/tools',
    may: ['src-main/engine', 'src-main/scenarios', 'src-main/store', 'src-main/services', 'src-main/host'],
    why: 'build and benchmark tools (the benchmark measures every layer)',
  },
  { layer: 'src-renderer/lib', may: ['src-main/contract'], why: 'lib/ is the renderer’s pure logic' },
  { layer: 'src-renderer/stores', may: ['src-renderer/lib'], why: 'stores hold state over lib/' },
  {
    layer: 'src-renderer/charts',
    may: ['src-renderer/components', 'src-renderer/stores', 'src-renderer/lib'],
    why: 'charts draw runs',
  },
  {
    layer: 'src-renderer/components',
    may: ['src-renderer/charts', 'src-renderer/stores', 'src-renderer/lib'],
    why: 'components are the views’ parts',
  },
  {
    layer: 'src-renderer/views',
    may: ['src-renderer/components', 'src-renderer/charts', 'src-renderer/stores', 'src-renderer/lib'],
    why: 'a view is one screen',
  },
  {
    layer: 'src-renderer',
    may: [
      'src-renderer/views',
      'src-renderer/components',
      'src-renderer/stores',
      'src-renderer/lib',
      'src-renderer/charts',
    ],
    why: 'the app shell',
  },
];
