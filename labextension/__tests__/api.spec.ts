import { ServerConnection } from '@jupyterlab/services';

import * as api from '../api';
import { requestAPI } from '../request';
import { finding } from './fixtures';

jest.mock('../request');

const mocked = requestAPI as jest.MockedFunction<typeof requestAPI>;

function sent(call = 0): { endPoint: string; method?: string; body: unknown } {
  const [endPoint, init] = mocked.mock.calls[call];
  const body = init?.body ? JSON.parse(String(init.body)) : undefined;
  return { endPoint: endPoint!, method: init?.method, body };
}

beforeEach(() => mocked.mockReset());

describe('api', () => {
  it.each([
    ['scanPath', () => api.scanPath('a.ipynb'), 'scan', { path: 'a.ipynb' }],
    [
      'scanCells',
      () =>
        api.scanCells('a.ipynb', [
          { index: 3, cell_type: 'code', source: 'x = 1' }
        ]),
      'scan',
      {
        path: 'a.ipynb',
        cells: [{ index: 3, cell_type: 'code', source: 'x = 1' }]
      }
    ],
    [
      'clearOutput',
      () => api.clearOutput('a.ipynb', 2, 'T1'),
      'clear-output',
      { path: 'a.ipynb', cell_index: 2, last_modified: 'T1' }
    ],
    [
      'clearOutput all',
      () => api.clearOutput('a.ipynb', null, 'T1'),
      'clear-output',
      { path: 'a.ipynb', last_modified: 'T1' }
    ],
    [
      'report',
      () => api.report('a.ipynb', 'sarif'),
      'report',
      { path: 'a.ipynb', format: 'sarif' }
    ]
  ])('%s posts the documented body', async (_name, call, endPoint, body) => {
    mocked.mockResolvedValue({});
    await call();
    expect(sent()).toEqual({ endPoint, method: 'POST', body });
  });

  it('redact sends location and fingerprint, never the preview or message', async () => {
    // Given a finding from a scan
    mocked.mockResolvedValue({});
    // When it is redacted under a chosen name
    await api.redact(finding(), 'T1', 'AWS_KEY');
    // Then only what locates it travels
    expect(sent().body).toEqual({
      path: 'work/leaky.ipynb',
      cell_index: 1,
      line: 2,
      fingerprint: 'sc1:aaaa',
      last_modified: 'T1',
      name: 'AWS_KEY'
    });
  });

  it('accept posts the finding with its reason and returns the entry', async () => {
    const entry = {
      rule: 'aws-access-key',
      fingerprint: 'sc1:aaaa',
      reason: 'revoked'
    };
    mocked.mockResolvedValue({ path: '.secure-check/baseline.json', entry });
    const got = await api.accept(finding(), 'revoked');
    expect(got).toEqual(entry);
    expect(sent().body).toEqual({ finding: finding(), reason: 'revoked' });
  });

  it('getBaseline is a GET', async () => {
    mocked.mockResolvedValue({ path: 'x', entries: [] });
    await expect(api.getBaseline()).resolves.toEqual({
      path: 'x',
      entries: []
    });
    expect(sent()).toEqual({
      endPoint: 'baseline',
      method: 'GET',
      body: undefined
    });
  });

  it('report returns the file the server rendered', async () => {
    const file = {
      format: 'sarif',
      media_type: 'application/sarif+json',
      filename: 'a.sarif',
      content: '{}'
    };
    mocked.mockResolvedValue(file);
    await expect(api.report('a.ipynb', 'sarif')).resolves.toEqual(file);
  });

  it('propagates server errors', async () => {
    mocked.mockRejectedValue(new Error('path leaves the server root'));
    await expect(api.scanPath('../x.ipynb')).rejects.toThrow(
      'leaves the server root'
    );
  });
});

describe('isConflict', () => {
  it('is true only for a 409 answer (the file changed since the scan)', () => {
    const answer = (status: number) =>
      new ServerConnection.ResponseError(
        { status, statusText: 'x' } as Response,
        'changed on disk'
      );
    expect(api.isConflict(answer(409))).toBe(true);
    expect(api.isConflict(answer(400))).toBe(false);
    expect(api.isConflict(new Error('network'))).toBe(false);
  });
});
