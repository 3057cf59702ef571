import { CommandRegistry } from '@lumino/commands';
import { MessageLoop } from '@lumino/messaging';
import { Widget } from '@lumino/widgets';

import { ServerConnection } from '@jupyterlab/services';

import { FindingsModel, scanErrorText, stoppedText } from '../model';
import { FindingsView } from '../widgets/panel';
import { finding, result } from './fixtures';

const STOPPED = [
  { path: 'work/leaky.ipynb', error: 'scan stopped after 30 s' }
];

/** Attach the panel and let React draw it. */
async function shown(model: FindingsModel): Promise<HTMLElement> {
  const view = new FindingsView(model, new CommandRegistry());
  Widget.attach(view, document.body);
  MessageLoop.sendMessage(view, Widget.Msg.UpdateRequest);
  await new Promise(resolve => setTimeout(resolve, 0));
  return view.node;
}

describe('a scan the server stopped', () => {
  it('says so in the panel instead of claiming the notebook is clean', async () => {
    // Given a notebook whose scan the server stopped at its time limit
    const model = new FindingsModel();
    model.setPath('work/leaky.ipynb');
    model.setResult(
      result([], { stats: { cells: 0, seconds: 0 }, errors: STOPPED })
    );
    // When the panel is drawn
    const node = await shown(model);
    // Then it shows the stop as an alert, and no "No findings" line
    const alert = node.querySelector('.jp-SecureCheck-Error[role="alert"]');
    expect(alert?.textContent).toContain(
      'Scan stopped after 30 s: the notebook is too large or crafted to be slow.'
    );
    expect(node.querySelector('.jp-SecureCheck-Empty')).toBeNull();
    expect(model.checked).toBeNull();
  });

  it('keeps the findings of the last finished scan', () => {
    const model = new FindingsModel();
    model.setPath('work/leaky.ipynb');
    model.setResult(result([finding()]));
    model.setResult(result([], { errors: STOPPED }));
    expect(model.findings).toHaveLength(1);
    // and a later finished scan clears the message
    model.setResult(result([]));
    expect(model.error).toBeNull();
    expect(model.findings).toHaveLength(0);
  });

  it('names other errors with their file, and none when there is none', () => {
    expect(scanErrorText([{ path: 'a.ipynb', error: 'not JSON' }])).toBe(
      'Could not scan a.ipynb: not JSON'
    );
    expect(scanErrorText([])).toBeNull();
    expect(scanErrorText(undefined)).toBeNull();
  });

  it('reports a stopped incremental scan too', () => {
    const model = new FindingsModel();
    model.setPath('work/leaky.ipynb');
    model.setResult(result([finding()]));
    model.mergeCells(result([], { scanned: [], errors: STOPPED }));
    expect(model.error).toMatch(/^Scan stopped after 30 s/);
    expect(model.findings).toHaveLength(1);
  });
});

describe('a report or redact the server stopped', () => {
  const answer = (message: string) =>
    new ServerConnection.ResponseError(
      { status: 503, statusText: 'Service Unavailable' } as Response,
      message
    );

  it('says what was not done instead of the bare server message', async () => {
    // Given the server stopped a report, then a redact, at its time limit (503)
    const model = new FindingsModel();
    model.setPath('work/leaky.ipynb');
    model.setResult(result([finding()]));
    // When the panel's requests fail with those messages
    await model.track(Promise.reject(answer('report stopped after 30 s')));
    const report = model.error;
    await model.track(Promise.reject(answer('redact stopped after 2.5 s')));
    // Then each says why and what did not happen, and the findings are kept
    expect(report).toBe(
      'Report stopped after 30 s: the notebook is too large or crafted to be slow. ' +
        'No report was made; make it with the secure-check CLI (secure-check scan --format html).'
    );
    expect(model.error).toBe(
      'Redact stopped after 2.5 s: the notebook is too large or crafted to be slow. ' +
        'The file was not changed; replace the secret by hand.'
    );
    expect(model.findings).toHaveLength(1);
  });

  it('leaves other messages as the server wrote them', async () => {
    const model = new FindingsModel();
    await model.track(
      Promise.reject(answer('report worker ended unexpectedly (exit code -9)'))
    );
    expect(model.error).toBe('report worker ended unexpectedly (exit code -9)');
    expect(stoppedText('clear-output stopped after 1 s')).toBeNull();
    expect(stoppedText('scan stopped after 1 s!')).toBeNull();
  });
});
