/**
 * The account autopsy: what happened to one account in a finished run — when it was liquidated,
 * which auctions sold its collateral, what it lost — in numbers and one plain paragraph.
 *
 * Per-step health needs the engine to record the account's collateral and debt during the run
 * (`trackAccounts` in engine/simulate.ts). Replays do not ask for that yet, so unless the stored
 * run carries a tracked series for this account, `health` is all null and the collateral and debt
 * series are empty; the liquidation and auction records are always complete.
 */
import type { AccountAutopsy } from '../contract/api.ts';
import { fmtUsd } from '../engine/format.ts';
import { invalidInput } from './app-errors.ts';
import type { StoredRun } from './run-view.ts';

export function accountAutopsy(stored: StoredRun, account: number): AccountAutopsy {
  const { view, records } = stored;
  if (!Number.isSafeInteger(account) || account < 0 || account >= view.accounts) {
    throw invalidInput(
      `account ${account} is not in this run: it has ${view.accounts} accounts, numbered 0 to ${view.accounts - 1}`,
      'account',
    );
  }
  const liquidations = records.liquidations
    .filter((r) => r.account === account)
    .map((r) => ({
      step: r.step,
      units: r.units,
      valueUsd: r.valueUsd,
      debtUsd: r.debtUsd,
      auction: r.auction,
    }));
  const auctionRecords = records.auctions.filter((a) => a.account === account);
  const tracked = records.tracked.find((t) => t.account === account);
  const bidsOf = (id: number) =>
    records.bids
      .filter((b) => b.account === account && b.auction === id)
      .map((b) => ({ step: b.step, kind: b.kind, keeper: b.keeper, usd: b.usd, units: b.units }));
  const auctions = auctionRecords.map((a) => ({
    id: a.id,
    kickStep: a.kickStep,
    endStep: a.endStep,
    proceedsUsd: a.proceedsUsd,
    zeroBid: a.zeroBid,
    shortfallUsd: a.shortfallUsd,
    returnedUnits: a.returnedUnits,
    bids: bidsOf(a.id),
  }));

  // What the owner gave up: the market value of the collateral taken, less the debt that went with
  // it and the collateral handed back afterwards (valued at the market price at the kick). An
  // underwater account (collateral worth less than its debt) loses nothing more than its collateral.
  const takenUsd = liquidations.reduce((s, r) => s + r.valueUsd, 0);
  const clearedUsd = liquidations.reduce((s, r) => s + r.debtUsd, 0);
  const returnedUsd = auctionRecords.reduce((s, a) => s + a.returnedUnits * a.marketAtKick, 0);
  const lostUsd = Math.max(0, takenUsd - clearedUsd - returnedUsd);
  const triggerStep = liquidations.length > 0 ? Math.min(...liquidations.map((r) => r.step)) : null;

  const steps = view.steps;
  let health: (number | null)[];
  let collateralUnits: number[] = [];
  let debtUsd: number[] = [];
  if (tracked) {
    collateralUnits = tracked.collateral;
    debtUsd = tracked.debt;
    health = tracked.collateral.map((units, t) => {
      const debt = tracked.debt[t] ?? 0;
      const oracle = view.series.oracle[t] ?? Number.NaN;
      // No debt left: the position is closed (or never borrowed); health is undefined there.
      if (!(debt > 0)) return null;
      const h = (units * oracle) / (debt * view.liquidationRatio);
      return Number.isFinite(h) ? h : null;
    });
  } else {
    health = new Array<null>(steps).fill(null);
  }

  return {
    account,
    health,
    collateralUnits,
    debtUsd,
    triggerStep,
    liquidations,
    auctions,
    // The re-run that records the account's series records its auctions' bids too.
    bidsRecorded: !!tracked,
    lostUsd,
    explanation: explain(stored, account, {
      triggerStep,
      liquidations,
      auctions,
      lostUsd,
      tracked: !!tracked,
    }),
  };
}

/** "They drew 14 bids from 3 keepers; 2 were won by zero-bid opportunists." (null: no bids recorded). */
function describeBidding(auctions: AccountAutopsy['auctions'], ordinaryKeepers: number): string | null {
  const events = auctions.flatMap((x) => x.bids);
  if (events.length === 0) return null;
  const offers = events.filter((b) => b.kind !== 'settle');
  const bidders = new Set(offers.map((b) => b.keeper).filter((k) => k >= 0));
  const byOpportunists = auctions.filter((x) =>
    x.bids.some((b) => b.kind === 'settle' && b.keeper >= ordinaryKeepers),
  ).length;
  const many = auctions.length === 1 ? 'It' : 'They';
  return (
    `${many} drew ${offers.length} ${offers.length === 1 ? 'bid' : 'bids'} from ${bidders.size} ${bidders.size === 1 ? 'keeper' : 'keepers'}` +
    (byOpportunists > 0
      ? `; ${byOpportunists} ${byOpportunists === 1 ? 'was' : 'were'} won by zero-bid opportunists (keepers who pay any gas and bid almost nothing).`
      : '.')
  );
}

function isoAt(view: StoredRun['view'], step: number): string {
  return new Date((view.startSec + step * view.stepSeconds) * 1000).toISOString().replace('.000Z', 'Z');
}

function explain(
  stored: StoredRun,
  account: number,
  a: {
    triggerStep: number | null;
    liquidations: AccountAutopsy['liquidations'];
    auctions: AccountAutopsy['auctions'];
    lostUsd: number;
    tracked: boolean;
  },
): string {
  const view = stored.view;
  const parts: string[] = [];
  if (a.triggerStep === null) {
    parts.push(`Account ${account} was never liquidated under ${view.designName}.`);
  } else {
    const n = a.liquidations.length;
    parts.push(
      `Account ${account} was first liquidated at step ${a.triggerStep} (${isoAt(view, a.triggerStep)}), ` +
        `${n === 1 ? 'once' : `${n} times in all`}, under ${view.designName}.`,
    );
    const zero = a.auctions.filter((x) => x.zeroBid).length;
    if (a.auctions.length > 0) {
      parts.push(
        `Its collateral went to ${a.auctions.length} auction${a.auctions.length === 1 ? '' : 's'}` +
          (zero > 0 ? `, ${zero} of them won with a zero bid` : '') +
          '.',
      );
      const bidding = describeBidding(a.auctions, view.keepers.count);
      if (bidding) parts.push(bidding);
    }
    parts.push(
      `It lost about ${fmtUsd(a.lostUsd)}: the market value of the collateral taken, less the debt cleared with it and any collateral handed back.`,
    );
  }
  if (!a.tracked) {
    parts.push(
      'Per-step health, collateral and debt were not recorded for this run (the replay did not track individual accounts), so only the liquidation and auction records are shown.',
    );
  }
  return parts.join(' ');
}
