import { SecureCheckRenderer, table, toSections } from '../widgets/mime';

describe('mime renderer helpers', () => {
  it.each([
    [[{ rule: 'email' }], ['findings']],
    [
      { schema: 's', findings: [{ rule: 'a' }], groups: { men: 0.5 } },
      ['summary', 'findings', 'groups']
    ],
    [42, ['value']]
  ])('splits %j into sections %j', (data, titles) => {
    expect(toSections(data).map(s => s.title)).toEqual(titles);
  });

  it('renders text only, with a severity class and the union of columns', () => {
    const el = table([
      { rule: '<img src=x onerror=alert(1)>', severity: 'high' },
      { rule: 'b', extra: { n: 1 } }
    ]);
    expect(Array.from(el.querySelectorAll('th'), th => th.textContent)).toEqual(
      ['rule', 'severity', 'extra']
    );
    expect(el.querySelector('img')).toBeNull();
    expect(el.querySelector('td.jp-mod-high')?.textContent).toBe('high');
    expect(el.rows[2].cells[2].textContent).toBe('{"n":1}');
  });

  it('shows embedded plots as images and anything else as text', () => {
    const png = 'data:image/png;base64,iVBORw0KGgo=';
    const el = table([
      { key: 'selection_rate', value: png },
      { key: 'note', value: 'data:text/html;base64,PHNjcmlwdD4=' }
    ]);
    expect(el.querySelector('img')?.getAttribute('src')).toBe(png);
    expect(el.querySelectorAll('img')).toHaveLength(1);
    expect(el.rows[2].cells[1].textContent).toBe(
      'data:text/html;base64,PHNjcmlwdD4='
    );
  });

  it('lays out a mitigation result: candidates, recommendation and the trade-off plot', () => {
    const png = 'data:image/png;base64,iVBORw0KGgo=';
    const data = {
      candidates: [
        { method: 'original', metric: 0.9, disparity: 0.13 },
        { method: 'threshold', metric: 0.9, disparity: 0.01, error: null }
      ],
      recommendation: { method: 'threshold', text: 'Adopt threshold' },
      needs_sensitive_at_prediction: true,
      plots: { 'trade-off': png }
    };
    const sections = toSections(data);
    expect(sections.map(s => s.title)).toEqual([
      'summary',
      'candidates',
      'recommendation',
      'plots'
    ]);
    const candidates = table(sections[1].rows);
    expect(candidates.rows).toHaveLength(3);
    expect(
      table(sections[3].rows).querySelector('img')?.getAttribute('src')
    ).toBe(png);
  });
});

describe('analysis outputs lead with the verdict', () => {
  const verdict = {
    headline: 'Fairness: 1 issue needs attention: unequal selection rates.',
    status: 'act',
    issues: [
      {
        severity: 'high',
        rule: 'demographic_parity_ratio',
        message: '<b>Group</b> no is selected at 0.13 times',
        why: 'Groups are treated differently.',
        fix: 'Retrain.',
        next: '%secure_check explain clf --data X --sensitive afam'
      }
    ],
    notes: [
      {
        severity: 'low',
        rule: 'small_group',
        message: 'few rows',
        why: 'noise',
        fix: null,
        next: null
      }
    ]
  };

  it('renders the verdict first and folds notes and evidence', async () => {
    const mime = 'application/vnd.secure-check.fairness+json';
    const r = new SecureCheckRenderer({
      mimeType: mime,
      sanitizer: {} as never,
      resolver: null,
      linkHandler: null,
      latexTypesetter: null
    });
    await r.renderModel({
      data: { [mime]: { verdict, findings: [], overall: { accuracy: 0.9 } } }
    } as never);
    const first = r.node.firstElementChild as HTMLElement;
    expect(first.className).toContain('jp-SecureCheck-Verdict');
    expect(first.querySelector('.jp-SecureCheck-Headline')?.textContent).toBe(
      verdict.headline
    );
    expect(first.querySelector('b')).toBeNull();
    expect(first.querySelector('.jp-SecureCheck-Next code')?.textContent).toBe(
      verdict.issues[0].next
    );
    expect(first.querySelector('details.jp-SecureCheck-Notes')).not.toBeNull();
    const evidence = r.node.children[1] as HTMLDetailsElement;
    expect(evidence.tagName).toBe('DETAILS');
    expect(evidence.open).toBe(false);
    expect(evidence.querySelector('table')).not.toBeNull();
    expect(r.node.textContent).not.toContain('"headline"');
  });

  it('keeps plain outputs as tables', async () => {
    const mime = 'application/vnd.secure-check.findings+json';
    const r = new SecureCheckRenderer({ mimeType: mime } as never);
    await r.renderModel({ data: { [mime]: [{ rule: 'email' }] } } as never);
    expect(r.node.firstElementChild?.tagName).toBe('H4');
  });
});
