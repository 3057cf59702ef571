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

/** One ranked item of a verdict (analyses/rich.py verdict()). */
export interface IVerdictItem {
  severity: string;
  rule: string;
  message: string;
  why: string;
  fix: string | null;
  next: string | null;
}

/** What an analysis output leads with: a headline, issues ranked, low notes. */
export interface IVerdict {
  headline: string;
  status: string;
  issues: IVerdictItem[];
  notes: IVerdictItem[];
}

/** Whether a value is a verdict as the analyses write it. */
export function isVerdict(value: unknown): value is IVerdict {
  const v = value as IVerdict;
  return (
    !!v &&
    typeof v === 'object' &&
    typeof v.headline === 'string' &&
    Array.isArray(v.issues) &&
    Array.isArray(v.notes)
  );
}

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className: string,
  text?: string
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.className = className;
  if (text !== undefined) {
    node.textContent = text;
  }
  return node;
}

/** Issues listed open; the rest fold under "N more issue(s)" (analyses/rich.py SHOWN_ISSUES). */
export const SHOWN_ISSUES = 5;

function verdictItem(item: IVerdictItem, explain: boolean): HTMLLIElement {
  const li = el('li', 'jp-SecureCheck-Issue');
  li.append(
    el(
      'span',
      `jp-SecureCheck-Severity jp-mod-${String(item.severity)}`,
      String(item.severity)
    ),
    ' ',
    el('span', 'jp-SecureCheck-Message', String(item.message))
  );
  if (explain) {
    const words = `${item.why ?? ''} ${item.fix ?? ''}`.trim();
    li.appendChild(el('div', 'jp-SecureCheck-Why', words));
  }
  if (item.next) {
    const next = el('div', 'jp-SecureCheck-Next', 'Next: ');
    next.appendChild(el('code', '', String(item.next)));
    li.appendChild(next);
  }
  return li;
}

/** A list of items; why and how to fix are said once, at the first item they apply to. */
function itemList(
  tag: 'ol' | 'ul',
  items: IVerdictItem[],
  seen: Set<string>,
  start = 1
): HTMLElement {
  const list = el(
    tag,
    tag === 'ol' ? 'jp-SecureCheck-Issues' : 'jp-SecureCheck-NoteList'
  );
  if (tag === 'ol' && start > 1) {
    (list as HTMLOListElement).start = start;
  }
  for (const item of items) {
    // NOTE: several rules share one text: say it once
    const words = `${item.why ?? ''} ${item.fix ?? ''}`;
    list.appendChild(verdictItem(item, !seen.has(words)));
    seen.add(words);
  }
  return list;
}

function fold(
  className: string,
  summary: string,
  body: HTMLElement
): HTMLElement {
  const details = el('details', className);
  details.append(el('summary', '', summary), body);
  return details;
}

/** Build the verdict block: headline, the first issues, the rest and the low notes folded. */
export function verdictNode(v: IVerdict): HTMLElement {
  const box = el('div', `jp-SecureCheck-Verdict jp-mod-${String(v.status)}`);
  box.appendChild(el('p', 'jp-SecureCheck-Headline', v.headline));
  const seen = new Set<string>();
  const first = v.issues.slice(0, SHOWN_ISSUES);
  const rest = v.issues.slice(SHOWN_ISSUES);
  if (first.length) {
    box.appendChild(itemList('ol', first, seen));
  }
  if (rest.length) {
    const list = itemList('ol', rest, seen, first.length + 1);
    box.appendChild(
      fold('jp-SecureCheck-More', `${rest.length} more issue(s)`, list)
    );
  }
  if (v.notes.length) {
    const list = itemList('ul', v.notes, seen);
    box.appendChild(
      fold(
        'jp-SecureCheck-Notes',
        `${v.notes.length} low-severity note(s)`,
        list
      )
    );
  }
  return box;
}

/**
 * Renders one secure-check JSON output (text only: no HTML is injected). An analysis output
 * leads with its verdict; its tables and plots follow, folded.
 */
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
    const data = model.data[this._mimeType] as Record<string, unknown>;
    let target: HTMLElement = this.node;
    let evidence = data;
    if (data && typeof data === 'object' && isVerdict(data.verdict)) {
      this.node.appendChild(verdictNode(data.verdict));
      const fold = el('details', 'jp-SecureCheck-Evidence');
      fold.appendChild(el('summary', '', `Evidence: ${kind} tables and plots`));
      this.node.appendChild(fold);
      target = fold;
      evidence = { ...data };
      delete evidence.verdict;
    }
    for (const section of toSections(evidence)) {
      const h = document.createElement('h4');
      h.textContent = `secure-check ${kind}: ${section.title}`;
      target.append(h, table(section.rows));
    }
    return Promise.resolve();
  }

  private _mimeType: string;
}
