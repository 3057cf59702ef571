import { Kernel } from '@jupyterlab/services';

import {
  AnalysesModel,
  mitigationNote,
  NO_KERNEL,
  NO_MODELS
} from '../analyses';
import { InventoryError } from '../kernel';
import { IInventory, IModelAudits } from '../types';

const KERNEL = { id: 'k1' } as unknown as Kernel.IKernelConnection;
const OTHER = { id: 'k2' } as unknown as Kernel.IKernelConnection;

function model(name: string, fairness = 'current'): IModelAudits {
  const missing = { status: 'missing', when: null, seq: null } as const;
  return {
    name,
    type: 'sklearn.linear_model.LogisticRegression',
    digest: 'sha256:' + '0'.repeat(64),
    audits: {
      fairness: { status: fairness, when: '2026-01-01T00:00:00', seq: 3 },
      explain: missing,
      robustness: missing,
      card: missing
    } as IModelAudits['audits']
  };
}

/** A fetcher whose answers the test releases by hand. */
function deferred() {
  const calls: {
    kernel: Kernel.IKernelConnection;
    resolve: (i: IInventory) => void;
    reject: (e: Error) => void;
  }[] = [];
  const fetch = (kernel: Kernel.IKernelConnection) =>
    new Promise<IInventory>((resolve, reject) =>
      calls.push({ kernel, resolve, reject })
    );
  return { calls, fetch };
}

describe('AnalysesModel', () => {
  it('says there is no kernel, and asks nothing', async () => {
    const { calls, fetch } = deferred();
    const analyses = new AnalysesModel(fetch);
    await analyses.setKernel(null);
    expect(analyses.message).toBe(NO_KERNEL);
    expect(calls).toHaveLength(0);
  });

  it('shows loading, then the models the kernel holds', async () => {
    // Given
    const { calls, fetch } = deferred();
    const analyses = new AnalysesModel(fetch);
    let changes = 0;
    analyses.stateChanged.connect(() => changes++);
    // When
    const done = analyses.setKernel(KERNEL);
    // Then
    expect(analyses.loading).toBe(true);
    expect(calls[0].kernel).toBe(KERNEL);
    calls[0].resolve({ models: [model('clf'), model('forest', 'stale')] });
    await done;
    expect(analyses.loading).toBe(false);
    expect(analyses.message).toBeNull();
    expect(analyses.models.map(m => m.audits.fairness.status)).toEqual([
      'current',
      'stale'
    ]);
    expect(changes).toBeGreaterThanOrEqual(2);
  });

  it('says when the kernel holds no model', async () => {
    const analyses = new AnalysesModel(async () => ({ models: [] }));
    await analyses.setKernel(KERNEL);
    expect(analyses.message).toBe(NO_MODELS);
  });

  it('shows the error of a failed request, and clears it on success', async () => {
    // Given
    const { calls, fetch } = deferred();
    const analyses = new AnalysesModel(fetch);
    const first = analyses.setKernel(KERNEL);
    calls[0].reject(new InventoryError('secure_check is not importable'));
    await first;
    expect(analyses.error).toBe('secure_check is not importable');
    expect(analyses.message).toBe('secure_check is not importable');
    // When
    const second = analyses.refresh();
    calls[1].resolve({ models: [model('clf')] });
    await second;
    // Then
    expect(analyses.error).toBeNull();
    expect(analyses.models).toHaveLength(1);
  });

  it('drops an answer that arrives after a newer request', async () => {
    // Given two requests in flight, the first one to the previous kernel
    const { calls, fetch } = deferred();
    const analyses = new AnalysesModel(fetch);
    const first = analyses.setKernel(KERNEL);
    const second = analyses.setKernel(OTHER);
    // When the newer answers first, then the older
    calls[1].resolve({ models: [model('new')] });
    await second;
    calls[0].resolve({ models: [model('old')] });
    await first;
    // Then the view keeps the newer
    expect(analyses.models.map(m => m.name)).toEqual(['new']);
    expect(analyses.loading).toBe(false);
  });
});

describe('mitigationNote', () => {
  it('links a mitigated model to its original, and says nothing for others', () => {
    const fair = {
      ...model('fair_clf'),
      mitigated_from: {
        model: 'clf',
        method: 'threshold',
        constraint: 'demographic_parity',
        seq: 4
      }
    };
    expect(mitigationNote(fair)).toBe(
      'mitigated from clf (threshold, demographic_parity)'
    );
    expect(mitigationNote(model('clf'))).toBe('');
    expect(mitigationNote({ ...model('old'), mitigated_from: null })).toBe('');
  });
});
