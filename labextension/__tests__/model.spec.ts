import { FindingsModel } from '../model';
import { DEFAULT_SETTINGS } from '../types';
import { finding, result } from './fixtures';

function loaded(): FindingsModel {
  const model = new FindingsModel();
  model.setPath('work/leaky.ipynb');
  model.setResult(
    result([
      finding({
        cell_index: 2,
        line: 1,
        fingerprint: 'sc1:gh',
        rule: 'github-token'
      }),
      finding({
        cell_index: 1,
        line: 3,
        fingerprint: 'sc1:sec',
        severity: 'medium'
      }),
      finding({ cell_index: 1, line: 2 }),
      finding({
        cell_index: null,
        where: 'metadata',
        category: 'pii',
        severity: 'low',
        rule: 'email',
        fingerprint: 'sc1:mail'
      })
    ])
  );
  return model;
}

describe('FindingsModel', () => {
  it('groups visible findings by cell, metadata first, lines in order', () => {
    // Given a full scan result in arbitrary order
    const model = loaded();
    // When the groups are read
    const groups = model.groups.map(g => [
      g.cellIndex,
      g.findings.map(f => f.line)
    ]);
    // Then they follow the notebook
    expect(groups).toEqual([
      [null, [2]],
      [1, [2, 3]],
      [2, [1]]
    ]);
    expect(model.count).toBe(4);
  });

  it.each([
    ['high', 2, 2],
    ['medium', 3, 3],
    ['low', 4, 4]
  ] as const)(
    'threshold %s shows %i and counts %i',
    (minSeverity, shown, counted) => {
      const model = loaded();
      model.settings = { ...DEFAULT_SETTINGS, minSeverity };
      expect(model.visible).toHaveLength(shown);
      expect(model.count).toBe(counted);
    }
  );

  it('filters by severity and category chips without changing the count', () => {
    const model = loaded();
    model.toggleSeverity('high');
    model.toggleCategory('pii');
    expect(model.visible.map(f => f.fingerprint)).toEqual(['sc1:sec']);
    expect(model.count).toBe(4);
    model.toggleSeverity('high');
    expect(model.visible).toHaveLength(3);
    expect(model.categories).toEqual(['pii', 'secret']);
  });

  it('merges an incremental result: only the scanned cells are replaced', () => {
    // Given findings in cells 1 and 2 and the metadata
    const model = loaded();
    // When cell 1 is re-scanned and comes back clean while cell 5 gains one
    model.mergeCells(
      result([finding({ cell_index: 5, line: 1, fingerprint: 'sc1:new' })], {
        scanned: [1, 5]
      })
    );
    // Then cell 1's findings are gone, the others kept
    expect(model.findings.map(f => f.fingerprint).sort()).toEqual([
      'sc1:gh',
      'sc1:mail',
      'sc1:new'
    ]);
  });

  it('ignores results for another notebook and forgets findings on a switch', () => {
    const model = loaded();
    model.setResult(result([], { path: 'other.ipynb' }));
    expect(model.findings).toHaveLength(4);
    model.setPath('other.ipynb');
    expect(model.findings).toHaveLength(0);
    expect(model.selected).toBeNull();
  });

  it('hides accepted findings from the list and the count unless asked', () => {
    const model = loaded();
    model.markAccepted(
      finding({ cell_index: 2, fingerprint: 'sc1:gh', rule: 'github-token' })
    );
    expect(model.count).toBe(3);
    expect(model.visible.some(f => f.fingerprint === 'sc1:gh')).toBe(false);
    model.settings = { ...model.settings, showAccepted: true };
    expect(model.visible.find(f => f.fingerprint === 'sc1:gh')?.accepted).toBe(
      true
    );
  });

  it('tracks requests: scanning while pending, the error kept on failure', async () => {
    const model = loaded();
    const states: boolean[] = [];
    model.stateChanged.connect(() => states.push(model.scanning));
    const value = await model.track(
      Promise.reject(new Error('403: path leaves the root'))
    );
    expect(value).toBeUndefined();
    expect(states).toEqual([true, false]);
    expect(model.error).toBe('403: path leaves the root');
    model.setResult(result([]));
    expect(model.error).toBeNull();
  });
});

describe('the panel as the review place', () => {
  function mixed(): FindingsModel {
    const model = loaded();
    model.mergeCells(
      result(
        [
          finding({
            cell_index: 4,
            where: 'output',
            output_index: 0,
            category: 'fairness',
            rule: 'demographic_parity_ratio',
            fingerprint: 'output:ab',
            severity: 'high'
          })
        ],
        {
          scanned: [4],
          advice: {
            demographic_parity_ratio: {
              label: 'unequal selection rates',
              why: 'w',
              fix: 'f',
              next: null
            }
          }
        }
      )
    );
    return model;
  }

  it('counts open findings per kind and filters by kind', () => {
    const model = mixed();
    expect(model.countsByKind).toEqual({
      secret: 3,
      pii: 1,
      analysis: 1,
      dependency: 0
    });
    model.toggleKind('secret');
    expect(model.visible.map(f => f.category)).toEqual(['pii', 'fairness']);
    expect(model.advice.demographic_parity_ratio.label).toBe(
      'unequal selection rates'
    );
  });

  it('steps through the visible findings and wraps around', () => {
    const model = mixed();
    const order = model.visible.map(f => f.fingerprint);
    const seen = [1, 1, 1, 1, 1, 1].map(() => model.step(1)?.fingerprint);
    expect(seen).toEqual([...order, order[0]]);
    expect(model.step(-1)?.fingerprint).toBe(order[order.length - 1]);
    model.toggleKind('secret');
    model.toggleKind('pii');
    model.toggleKind('analysis');
    expect(model.step(1)).toBeNull();
  });

  it('keeps advice across incremental scans and drops it with the notebook', () => {
    const model = mixed();
    model.mergeCells(result([], { scanned: [0] }));
    expect(Object.keys(model.advice)).toEqual(['demographic_parity_ratio']);
    expect(model.checked).toBe(3);
    model.setPath('other.ipynb');
    expect(model.advice).toEqual({});
    expect(model.checked).toBeNull();
  });
});
