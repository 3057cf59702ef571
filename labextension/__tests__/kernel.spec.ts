import {
  ERR_BAD_REPLY,
  ERR_NO_REPLY,
  ERR_NOT_INSTALLED,
  INVENTORY_EXPRESSION,
  inventoryRequest,
  parseInventory,
  unrepr
} from '../kernel';
import { REAL_TEXT_PLAIN } from './inventory-reply';

function ok(text: string): Record<string, unknown> {
  return { sc: { status: 'ok', data: { 'text/plain': text }, metadata: {} } };
}

describe('parseInventory', () => {
  it('reads the repr of the JSON text a real kernel returned', () => {
    // Given the user_expressions of a live IPython shell
    // When it is parsed
    const inventory = parseInventory(ok(REAL_TEXT_PLAIN));
    // Then every model is there, names decoded, statuses as the kernel said
    const byName = Object.fromEntries(inventory.models.map(m => [m.name, m]));
    expect(Object.keys(byName).sort()).toEqual(['clf', 'modèle']);
    expect(byName.clf.audits.fairness.status).toBe('stale');
    expect(byName['modèle'].audits.fairness.status).toBe('current');
    expect(byName['modèle'].audits.fairness.seq).toBe(1);
    expect(byName.clf.audits.card).toEqual({
      status: 'missing',
      when: null,
      seq: null
    });
    expect(byName.clf.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it.each([
    ['a missing module', 'ModuleNotFoundError', ERR_NOT_INSTALLED],
    ['an import error', 'ImportError', ERR_NOT_INSTALLED],
    ['another error', 'NameError', "NameError: name 'x' is not defined"]
  ])('words %s for the panel', (_, ename, message) => {
    // Given a failed expression
    const reply = {
      sc: { status: 'error', ename, evalue: "name 'x' is not defined" }
    };
    // When / Then
    expect(() => parseInventory(reply)).toThrow(message);
  });

  it.each([
    ['no expression', undefined, ERR_NO_REPLY],
    ['not JSON', ok("'{not json'"), ERR_BAD_REPLY],
    ['JSON without models', ok('\'{"x": 1}\''), ERR_BAD_REPLY],
    ['no text', { sc: { status: 'ok', data: {} } }, ERR_BAD_REPLY]
  ])('refuses %s', (_, reply, message) => {
    expect(() =>
      parseInventory(reply as Record<string, unknown> | undefined)
    ).toThrow(message);
  });
});

describe('unrepr', () => {
  it.each([
    ["'a\\\\b'", 'a\\b'],
    ["'it\\'s'", "it's"],
    ['"it\'s"', "it's"],
    ["'\\x7f\\n'", '\x7f\n'],
    ['{"models": []}', '{"models": []}']
  ])('undoes repr %s', (text, expected) => {
    expect(unrepr(text)).toBe(expected);
  });
});

describe('inventoryRequest', () => {
  it('is silent, leaves no history and evaluates the expression', () => {
    expect(inventoryRequest()).toEqual({
      code: '',
      silent: true,
      store_history: false,
      user_expressions: { sc: INVENTORY_EXPRESSION }
    });
  });
});
