import { CodeCellModel, MarkdownCellModel } from '@jupyterlab/cells';

import { cellKey, toScanCell } from '../live';

describe('live scan payloads', () => {
  it('posts a code cell with its text outputs and without binary payloads', () => {
    // Given a code cell whose output holds a PNG next to its text
    const cell = new CodeCellModel({});
    cell.sharedModel.setSource('token = "x"\nprint(token)');
    cell.outputs.add({
      output_type: 'display_data',
      data: { 'image/png': 'iVBORw0KGgo=', 'text/plain': '<Figure>' },
      metadata: {}
    });
    // When it is serialised for POST /scan
    const posted = toScanCell(cell, 4);
    // Then the index, type and source travel, the image does not
    expect(posted).toMatchObject({
      index: 4,
      cell_type: 'code',
      source: 'token = "x"\nprint(token)'
    });
    expect(posted.outputs).toEqual([
      {
        output_type: 'display_data',
        data: { 'text/plain': '<Figure>' },
        metadata: {}
      }
    ]);
  });

  it('keys change with the source or outputs, not with unrelated state', () => {
    const md = new MarkdownCellModel({});
    md.sharedModel.setSource('# Title');
    const before = cellKey(toScanCell(md, 0));
    expect(cellKey(toScanCell(md, 3))).toBe(before);
    md.sharedModel.setSource('# Title\nmail me at a@b.example');
    expect(cellKey(toScanCell(md, 0))).not.toBe(before);
  });
});
