import { describe, expect, it } from 'vitest';
import type { RunView } from '../contract/api.ts';
import { runCsvFileName, runToCsv } from './run-csv.ts';
import { fakeRunView } from './run-view-fixture.ts';

describe('runToCsv', () => {
  it('writes one row per step with a header, numbers as numbers', () => {
    const view = fakeRunView(3);
    const { csv } = runToCsv(view);
    const lines = csv.split('\r\n');
    expect(lines).toHaveLength(5);
    expect(lines[0]).toBe(
      'step,time_utc,observed_usd,fundamental_usd,price_usd,oracle_usd,venue_Dex_usd,flow_liquidation_usd,flow_auction_usd,flow_deleverage_usd,flow_backstop_usd,calls_issued,calls_answered,liquidations,accounts_liquidated,collateral_liquidated_usd,zero_bids,bad_debt_usd,surplus_usd,debt_auction_usd,collateral_in_auctions_usd,open_auctions,active_keepers,gas_gwei,oracle_blocked,required_ratio,breaker_active,pool_deposits_usd,backstop_holdings_usd,insurance_fund_usd,vault_equity_usd,adl_accounts,adl_notional_usd',
    );
    expect(lines[1]!.startsWith('0,2020-03-12T00:00:00.000Z,100,')).toBe(true);
    expect(lines[2]!.startsWith('1,2020-03-12T00:01:00.000Z,101,')).toBe(true);
    expect(lines[4]).toBe('');
  });

  it('quotes hostile venue names, keeps negative numbers numeric and leaves non-finite values empty', () => {
    const view = fakeRunView(2);
    view.series.venues = [{ name: '=HYPERLINK("http://evil")', price: [1, Number.NaN] }];
    view.series.price = [-5, Number.POSITIVE_INFINITY];
    const { csv } = runToCsv(view);
    const [header, row0, row1] = csv.split('\r\n');
    // Venue names only ever appear behind the "venue_" prefix, so no header cell can start a
    // formula; the quote characters are still quoted per RFC 4180.
    expect(header).toContain(',"venue_=HYPERLINK(""http://evil"")_usd",');
    expect(header!.split(',').some((cell) => /^["']?[=+\-@]/.test(cell))).toBe(false);
    expect(row0!.split(',')[4]).toBe('-5');
    expect(row1!.split(',')[4]).toBe('');
    expect(row1!.split(',')[6]).toBe('');
  });

  it('adds the signed soft-liquidation flow for a soft-liquidation design, after the backstop flow', () => {
    const view = fakeRunView(3);
    view.mechanism = { ...view.mechanism, liquidation: 'soft-liquidation' };
    view.series.flows.soft = [0, 2500, -1200];
    const [header, , row1, row2] = runToCsv(view).csv.split('\r\n');
    const cells = header!.split(',');
    const at = cells.indexOf('flow_soft_usd');
    expect(at).toBe(cells.indexOf('flow_backstop_usd') + 1);
    expect(row1!.split(',')[at]).toBe('2500');
    expect(row2!.split(',')[at]).toBe('-1200');
    expect(runToCsv(fakeRunView(3)).csv).not.toContain('flow_soft_usd');
  });

  it('builds a file name of safe characters', () => {
    const view: RunView = { ...fakeRunView(1), designId: '../../etc/passwd', scenarioId: 'a b' };
    expect(runCsvFileName(view)).toBe('a-b_..-..-etc-passwd_seed1_10acc.csv');
    expect(runCsvFileName(view)).not.toContain('/');
  });
});
