/**
 * Ask the notebook's kernel which models it holds and which audits they have
 * (src/secure_check/kernel/inventory.py), silently, through a user expression.
 */
import { Kernel, KernelMessage } from '@jupyterlab/services';

import { IInventory } from './types';

/** The expression evaluated in the kernel; its value is the JSON text of the inventory. */
export const INVENTORY_EXPRESSION =
  '__import__("json").dumps(__import__("secure_check.kernel.inventory", ' +
  'fromlist=["inventory"]).inventory(globals()))';

export const ERR_NOT_INSTALLED =
  'secure_check is not importable in this kernel: install it in the kernel\u2019s environment.';
export const ERR_NO_REPLY =
  'The kernel did not evaluate the inventory expression.';
export const ERR_BAD_REPLY =
  'The kernel answered something that is not an inventory.';

/** The error an inventory request failed with, worded for the panel. */
export class InventoryError extends Error {}

/** The execute request: no code, no history, no output; the expression does the work. */
export function inventoryRequest(): KernelMessage.IExecuteRequestMsg['content'] {
  return {
    code: '',
    silent: true,
    store_history: false,
    user_expressions: { sc: INVENTORY_EXPRESSION }
  };
}

/**
 * Undo Python's ``repr`` of a str (``'...'`` or ``"..."``); other text is returned as is.
 */
export function unrepr(text: string): string {
  const quote = text[0];
  if (text.length < 2 || !(quote === "'" || quote === '"')) {
    return text;
  }
  if (text[text.length - 1] !== quote) {
    return text;
  }
  const simple: Record<string, string> = { n: '\n', r: '\r', t: '\t' };
  return text
    .slice(1, -1)
    .replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|.)/g, (_, esc: string) => {
      if (esc.length > 1) {
        return String.fromCharCode(parseInt(esc.slice(1), 16));
      }
      return simple[esc] ?? esc;
    });
}

/**
 * Turn the execute reply's ``user_expressions`` into an inventory, or throw an
 * InventoryError that says what went wrong (secure_check missing, a kernel error).
 */
export function parseInventory(
  expressions: Record<string, unknown> | undefined
): IInventory {
  const result = expressions?.sc as Record<string, unknown> | undefined;
  if (!result) {
    throw new InventoryError(ERR_NO_REPLY);
  }
  if (result.status !== 'ok') {
    const ename = String(result.ename ?? 'Error');
    if (ename === 'ModuleNotFoundError' || ename === 'ImportError') {
      throw new InventoryError(ERR_NOT_INSTALLED);
    }
    throw new InventoryError(`${ename}: ${String(result.evalue ?? '')}`);
  }
  const data = result.data as Record<string, unknown> | undefined;
  const text = data?.['text/plain'];
  if (typeof text !== 'string') {
    throw new InventoryError(ERR_BAD_REPLY);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(unrepr(text));
  } catch {
    throw new InventoryError(ERR_BAD_REPLY);
  }
  const models = (parsed as IInventory | null)?.models;
  if (!Array.isArray(models)) {
    throw new InventoryError(ERR_BAD_REPLY);
  }
  return { models };
}

/** Run the silent request on ``kernel`` and parse its reply. */
export async function fetchInventory(
  kernel: Kernel.IKernelConnection
): Promise<IInventory> {
  const future = kernel.requestExecute(inventoryRequest(), true);
  const reply = (await future.done) as KernelMessage.IExecuteReplyMsg;
  const content = reply.content as unknown as Record<string, unknown>;
  if (content.status !== 'ok') {
    throw new InventoryError(
      `${String(content.ename ?? 'Error')}: ${String(content.evalue ?? '')}`
    );
  }
  return parseInventory(
    content.user_expressions as Record<string, unknown> | undefined
  );
}
