import { err, ok, type Result } from '../result';
import { cellBoolean, cellText, parseListingRows } from './parse-listing-rows';
import { topologyColumns } from './rabbitmqctl-command';

export interface ListedExchange {
  readonly vhost: string;
  /** The default exchange's name is the empty string. */
  readonly name: string;
  readonly type: string | null;
  readonly durable: boolean | null;
  readonly internal: boolean | null;
}

export interface ListedBinding {
  readonly vhost: string;
  readonly source: string;
  readonly destination: string;
  /** `queue` or `exchange`. */
  readonly destinationKind: string;
  readonly routingKey: string;
}

export function parseListExchanges(payload: string, vhost: string): Result<ListedExchange[], string> {
  const rows = parseListingRows(payload, topologyColumns.list_exchanges, 'list_exchanges');
  if (!rows.ok) return rows;
  const exchanges: ListedExchange[] = [];
  for (const row of rows.value) {
    const name = cellText(row['name']);
    if (name === null) return err(`a list_exchanges row has no name: ${JSON.stringify(row).slice(0, 120)}`);
    exchanges.push({ vhost, name, type: cellText(row['type']), durable: cellBoolean(row['durable']), internal: cellBoolean(row['internal']) });
  }
  return ok(exchanges);
}

export function parseListBindings(payload: string, vhost: string): Result<ListedBinding[], string> {
  const rows = parseListingRows(payload, topologyColumns.list_bindings, 'list_bindings');
  if (!rows.ok) return rows;
  const bindings: ListedBinding[] = [];
  for (const row of rows.value) {
    const [source, destination, destinationKind, routingKey] = ['source_name', 'destination_name', 'destination_kind', 'routing_key'].map((c) => cellText(row[c]));
    if (source == null || destination == null || destinationKind == null || routingKey == null) return err(`a list_bindings row lacks a column: ${JSON.stringify(row).slice(0, 120)}`);
    bindings.push({ vhost, source, destination, destinationKind, routingKey });
  }
  return ok(bindings);
}
