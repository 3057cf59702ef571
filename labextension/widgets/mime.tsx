/** A MIME renderer for the magics' application/vnd.secure-check.*+json outputs: tables. */
import { IRenderMime } from '@jupyterlab/rendermime-interfaces';
import { Widget } from '@lumino/widgets';

type Row = Record<string, unknown>;

/** Turn a value into table sections: arrays of objects become tables, scalars a key/value table. */
export function toSections(data: unknown): { title: string; rows: Row[] }[] {
  if (Array.isArray(data)) {
    return [{ title: 'findings', rows: data.map(asRow) }];
  }
  if (!data || typeof data !== 'object') {
    return [{ title: 'value', rows: [{ value: data }] }];
  }
  const sections: { title: string; rows: Row[] }[] = [];
  const scalars: Row[] = [];
  for (const [key, value] of Object.entries(data as Row)) {
    if (Array.isArray(value) && value.every(v => v && typeof v === 'object')) {
      sections.push({ title: key, rows: value.map(asRow) });
    } else if (value && typeof value === 'object' && !Array.isArray(value)) {
      sections.push({
        title: key,
        rows: Object.entries(value).map(([k, v]) => ({ key: k, value: v }))
      });
    } else {
      scalars.push({ key, value });
    }
  }
  return scalars.length
    ? [{ title: 'summary', rows: scalars }, ...sections]
    : sections;
}

function asRow(value: unknown): Row {
  return value && typeof value === 'object' ? (value as Row) : { value };
}

const IMAGE_URI = /^data:image\/(png|jpeg|gif);base64,[A-Za-z0-9+/=]+$/;

/** Whether a value is a plot the analyses embed (a base64 PNG/JPEG/GIF data URI). */
export function isImage(value: unknown): value is string {
  return typeof value === 'string' && IMAGE_URI.test(value);
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) {
    return '';
  }
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** Build a table element for rows (columns: the union of their keys, in first-seen order). */
export function table(rows: Row[]): HTMLTableElement {
  const columns = Array.from(new Set(rows.flatMap(r => Object.keys(r))));
  const el = document.createElement('table');
  el.className = 'jp-SecureCheck-Table';
  const head = el.createTHead().insertRow();
  for (const c of columns) {
    const th = document.createElement('th');
    th.textContent = c;
    head.appendChild(th);
  }
  const body = el.createTBody();
  for (const r of rows) {
    const tr = body.insertRow();
    for (const c of columns) {
      const td = tr.insertCell();
      if (isImage(r[c])) {
        const img = document.createElement('img');
        img.src = r[c] as string;
        img.alt = c;
        td.appendChild(img);
        continue;
      }
      td.textContent = cellText(r[c]);
      if (c === 'severity') {
        td.className = `jp-SecureCheck-Severity jp-mod-${cellText(r[c])}`;
      }
    }
  }
  return el;
}

/** Renders one secure-check JSON output as titled tables (text only: no HTML is injected). */
export class SecureCheckRenderer
  extends Widget
  implements IRenderMime.IRenderer
{
  constructor(options: IRenderMime.IRendererOptions) {
    super();
    this._mimeType = options.mimeType;
    this.addClass('jp-SecureCheck-Output');
  }

  renderModel(model: IRenderMime.IMimeModel): Promise<void> {
    this.node.textContent = '';
    const kind = this._mimeType.replace(
      /^application\/vnd\.secure-check\.|\+json$/g,
      ''
    );
    for (const section of toSections(model.data[this._mimeType])) {
      const h = document.createElement('h4');
      h.textContent = `secure-check ${kind}: ${section.title}`;
      this.node.append(h, table(section.rows));
    }
    return Promise.resolve();
  }

  private _mimeType: string;
}
