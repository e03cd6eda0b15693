/**
 * A run's per-step series as CSV (one row per step), through the formula-safe writer: text cells
 * that a spreadsheet would run as formulas are escaped, numbers are written as numbers, and a value
 * that is not finite becomes an empty cell rather than aborting the export.
 */
import type { RunView } from '../contract/api.ts';
import type { CsvCell } from './export/csv.ts';
import { formatCsv } from './export/csv.ts';

type Column = [header: string, values: readonly number[]];

function columns(view: RunView): Column[] {
  const s = view.series;
  return [
    ['observed_usd', s.observed],
    ['fundamental_usd', s.fundamental],
    ['price_usd', s.price],
    ['oracle_usd', s.oracle],
    ...s.venues.map((v): Column => [`venue_${v.name}_usd`, v.price]),
    ['flow_liquidation_usd', s.flows.liquidation],
    ['flow_auction_usd', s.flows.auction],
    ['flow_deleverage_usd', s.flows.deleverage],
    ['flow_backstop_usd', s.flows.backstop],
    // Soft liquidation (LLAMMA bands), signed: − = bought back into the bands.
    ...(view.mechanism.liquidation === 'soft-liquidation'
      ? ([['flow_soft_usd', s.flows.soft]] as Column[])
      : []),
    ['calls_issued', s.callsIssued],
    ['calls_answered', s.callsAnswered],
    ['liquidations', s.liquidations],
    ['accounts_liquidated', s.accountsLiquidated],
    ['collateral_liquidated_usd', s.collateralLiquidatedUsd],
    ['zero_bids', s.zeroBids],
    ['bad_debt_usd', s.badDebtUsd],
    ['surplus_usd', s.surplusUsd],
    ['debt_auction_usd', s.debtAuctionUsd],
    ['collateral_in_auctions_usd', s.collateralInAuctionsUsd],
    ['open_auctions', s.openAuctions],
    ['active_keepers', s.activeKeepers],
    ['gas_gwei', s.gasGwei],
    ['oracle_blocked', s.oracleBlocked],
    ['required_ratio', s.requiredRatio],
    ['breaker_active', s.breakerActive],
    ['pool_deposits_usd', s.poolDepositsUsd],
    ['backstop_holdings_usd', s.backstopHoldingsUsd],
    ['insurance_fund_usd', s.insuranceFundUsd],
    ['vault_equity_usd', s.vaultEquityUsd],
    ['adl_accounts', s.adlAccounts],
    ['adl_notional_usd', s.adlNotionalUsd],
    // Unrealised bad debt (absent in runs stored before engine 0.3.0).
    ...(s.underwater
      ? ([
          ['underwater_accounts_oracle', s.underwater.accountsAtOracle],
          ['underwater_shortfall_oracle_usd', s.underwater.shortfallAtOracleUsd],
          ['underwater_accounts_market', s.underwater.accountsAtMarket],
          ['underwater_shortfall_market_usd', s.underwater.shortfallAtMarketUsd],
        ] satisfies Column[])
      : []),
    // Runs with derivatives: the options layer's flows and state (signed flows: − = bought).
    ...((): Column[] => {
      const o = view.options;
      if (!o) return [];
      return [
        ['flow_hedging_usd', s.flows.hedging],
        ['flow_insurance_usd', s.flows.insurance],
        ['atm_iv', o.series.atmIv],
        ['realised_vol', o.series.realisedVol],
        ['dealer_net_delta_units', o.series.dealerNetDelta],
        ['dealer_gamma_units_per_1pct', o.series.dealerGammaUnitsPer1Pct],
        ['insurer_backlog_units', o.series.insurerBacklogUnits],
        ['writers_liquidated', o.series.writersLiquidated],
        ['writers_collateral_usd', o.series.collateralUsd],
        ['option_book_value_usd', o.series.bookValueUsd],
      ];
    })(),
  ];
}

function* rows(view: RunView): Generator<CsvCell[]> {
  const cols = columns(view);
  yield ['step', 'time_utc', ...cols.map(([h]) => h)];
  for (let t = 0; t < view.steps; t++) {
    const time = new Date((view.startSec + t * view.stepSeconds) * 1000).toISOString();
    yield [
      t,
      time,
      ...cols.map(([, values]) => {
        const v = values[t];
        return v !== undefined && Number.isFinite(v) ? v : null;
      }),
    ];
  }
}

/** A file name of safe characters only: `<scenario>_<design>_seed<seed>_<accounts>acc.csv`. */
export function runCsvFileName(view: RunView): string {
  const safe = (text: string) => text.replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 80);
  return `${safe(view.scenarioId)}_${safe(view.designId)}_seed${view.seed}_${view.accounts}acc.csv`;
}

/** The per-step CSV of a run (RFC 4180, CRLF line endings, formulas escaped). */
export function runToCsv(view: RunView): { fileName: string; csv: string } {
  return { fileName: runCsvFileName(view), csv: formatCsv(rows(view)) };
}
