import type {
  ColumnUpdateNode,
  DeleteQueryNode,
  InsertQueryNode,
  OperationNode,
  RootOperationNode,
  UpdateQueryNode,
} from 'kysely';
import { effectsOfWrite, UNKNOWN_VALUE, type SensitiveEffect, type Write } from '../domain/sensitive-effects.js';

/**
 * Reads a statement Kysely is about to run as the write it makes (domain/sensitive-effects.ts
 * decides which are sensitive). Every write of the store is built by Kysely, so none passes
 * unseen; a statement written as raw SQL is a RawNode and writes no watched table.
 */

function tableName(node: OperationNode | undefined): string | undefined {
  if (!node) return undefined;
  if (node.kind === 'TableNode')
    return (node as unknown as { table: { identifier: { name: string } } }).table.identifier.name;
  if (node.kind === 'AliasNode') return tableName((node as unknown as { node: OperationNode }).node);
  return undefined;
}

function columnName(node: OperationNode): string | undefined {
  return node.kind === 'ColumnNode' ? (node as unknown as { column: { name: string } }).column.name : undefined;
}

function valueOf(node: OperationNode | unknown): unknown {
  const operation = node as OperationNode | undefined;
  if (operation?.kind === 'ValueNode') return (operation as unknown as { value: unknown }).value;
  return UNKNOWN_VALUE;
}

function updatesOf(updates: readonly ColumnUpdateNode[] | undefined): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const update of updates ?? []) {
    const column = columnName(update.column);
    if (column) values[column] = valueOf(update.value);
  }
  return values;
}

function insertedRows(node: InsertQueryNode): Record<string, unknown>[] {
  const columns = (node.columns ?? []).map((column) => column.column.name);
  const lists =
    node.values?.kind === 'ValuesNode' ? (node.values as unknown as { values: OperationNode[] }).values : [];
  return lists.map((list) => {
    const items =
      list.kind === 'PrimitiveValueListNode'
        ? (list as unknown as { values: unknown[] }).values
        : (list as unknown as { values: OperationNode[] }).values.map(valueOf);
    return Object.fromEntries(columns.map((column, index) => [column, items[index]]));
  });
}

/** The statements of a WITH clause: each may write (a data-modifying CTE), whatever the statement around it. */
function cteWritesOf(node: RootOperationNode): Write[] {
  const expressions = (node as { with?: { expressions: readonly { expression: OperationNode }[] } }).with?.expressions;
  return (expressions ?? []).flatMap(({ expression }) => writesOf(expression as RootOperationNode));
}

/** The writes a statement makes: an upsert is an insert and, on conflict, an update; and those of its WITH clause. */
export function writesOf(node: RootOperationNode): Write[] {
  return [...cteWritesOf(node), ...ownWritesOf(node)];
}

function ownWritesOf(node: RootOperationNode): Write[] {
  if (node.kind === 'InsertQueryNode') {
    const insert = node as InsertQueryNode;
    const table = tableName(insert.into);
    if (!table) return [];
    const writes: Write[] = [{ kind: 'insert', table, rows: insertedRows(insert) }];
    if (insert.onConflict?.updates)
      writes.push({ kind: 'update', table, values: updatesOf(insert.onConflict.updates) });
    return writes;
  }
  if (node.kind === 'UpdateQueryNode') {
    const update = node as UpdateQueryNode;
    const table = tableName(update.table);
    return table ? [{ kind: 'update', table, values: updatesOf(update.updates) }] : [];
  }
  if (node.kind === 'DeleteQueryNode') {
    const tables = (node as DeleteQueryNode).from.froms.map(tableName);
    return tables.filter((table) => table !== undefined).map((table) => ({ kind: 'delete', table }));
  }
  return [];
}

/** The sensitive effects of a statement. */
export function sensitiveEffectsOf(node: RootOperationNode): SensitiveEffect[] {
  return [...new Set(writesOf(node).flatMap(effectsOfWrite))];
}
