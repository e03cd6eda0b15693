/**
 * The Oracle group: which price the protocol acts on (source), how late (smoothing or delay), when
 * it is posted, and what stops the feed.
 */
import type { FieldGroup, FieldSpec } from '../field-spec.ts';
import { getPath, optionsOf, seconds } from '../field-spec.ts';

export function oracleGroup(design: unknown): FieldGroup {
  const source = String(getPath(design, 'oracle.source') ?? 'median');
  const transform = String(getPath(design, 'oracle.transform.kind') ?? 'none');
  const update = String(getPath(design, 'oracle.update.kind') ?? 'every-step');
  const oracleFields: FieldSpec[] = [
    {
      path: 'oracle.source',
      label: 'Source',
      help: 'The median of every venue, or a single venue (easier to move, faster to follow).',
      kind: 'choice',
      options: optionsOf({ median: 'Median of venues', venue: 'One venue' }),
    },
  ];
  if (source === 'venue') {
    oracleFields.push({
      path: 'oracle.venue',
      label: 'Venue',
      help: 'The venue the oracle reads.',
      kind: 'text',
    });
  }
  oracleFields.push({
    path: 'oracle.transform.kind',
    label: 'Smoothing or delay',
    help: 'What the protocol does to the read price before using it.',
    kind: 'variant',
    options: optionsOf({
      none: 'None (spot)',
      osm: 'OSM: release the value read one hop earlier',
      delay: 'Fixed delay',
      twap: 'Time-weighted average (TWAP)',
      ema: 'Exponential moving average (EMA)',
    }),
  });
  if (transform === 'osm') {
    oracleFields.push(
      seconds(
        'oracle.transform.hopSeconds',
        'Hop',
        'Maker’s OSM releases, every hop, the price read one hop earlier (3600 s).',
      ),
    );
  } else if (transform === 'delay') {
    oracleFields.push(
      seconds(
        'oracle.transform.delaySeconds',
        'Delay',
        'The protocol sees the price this long after the market.',
      ),
    );
  } else if (transform === 'twap') {
    oracleFields.push(seconds('oracle.transform.windowSeconds', 'Window', 'Averaging window of the TWAP.'));
  } else if (transform === 'ema') {
    oracleFields.push(
      seconds('oracle.transform.halfLifeSeconds', 'Half-life', 'Weight of a price halves after this long.'),
    );
  }
  oracleFields.push({
    path: 'oracle.update.kind',
    label: 'Posting rule',
    help: 'When a new value is posted on chain.',
    kind: 'variant',
    options: optionsOf({ 'every-step': 'Every step', deviation: 'On a deviation or a heartbeat' }),
  });
  if (update === 'deviation') {
    oracleFields.push(
      {
        path: 'oracle.update.thresholdBps',
        label: 'Deviation threshold',
        help: 'Post when the value moves this much from the last post (50 bps = 0.5%).',
        kind: 'number',
        unit: 'bps',
      },
      seconds(
        'oracle.update.heartbeatSeconds',
        'Heartbeat',
        '…or when this long has passed since the last post.',
      ),
    );
  }
  oracleFields.push(
    {
      path: 'oracle.maxGasGwei',
      label: 'Feed gas cap',
      help: 'Feeds cannot post when gas is above this (Black Thursday: ~100 gwei stalled Maker’s feeds).',
      kind: 'number',
      unit: 'gwei',
      nullLabel: 'No cap',
    },
    {
      path: 'oracle.honorOutages',
      label: 'Feed outages stop the oracle',
      help: 'Whether the scenario’s recorded outage windows freeze this oracle.',
      kind: 'boolean',
    },
  );
  return {
    id: 'oracle',
    title: 'Oracle',
    intro: 'Which price the protocol acts on, and how late.',
    fields: oracleFields,
  };
}
