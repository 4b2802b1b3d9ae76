import type { FieldError } from '@saleswire/contracts';

/** Parses RFC 4180 CSV: quoted fields, `""` inside quotes, CRLF or LF line ends. Answers rows of fields. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; // a byte order mark is not data
  for (; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  // Blank lines carry no lead.
  return rows.filter((r) => !(r.length === 1 && r[0].trim() === ''));
}

/** CSV headers and where they go in a lead's body; dotted names may also be used as they are. */
const HEADERS: Record<string, string> = {
  name: 'contact.name',
  email: 'contact.email',
  phone: 'contact.phone',
  company: 'company.name',
  companyname: 'company.name',
  taxid: 'company.taxId',
  'contact.name': 'contact.name',
  'contact.email': 'contact.email',
  'contact.phone': 'contact.phone',
  'company.name': 'company.name',
  'company.taxid': 'company.taxId',
  source: 'source',
  direction: 'direction',
  segment: 'segment',
  marketingeventid: 'marketingEventId',
  title: 'title',
  expectedamount: 'expectedAmount',
  currency: 'currency',
  assigneeid: 'assigneeId',
  partnerid: 'partnerId',
  comment: 'comment',
};

const NUMBER = /^-?\d+(\.\d+)?$/;

/**
 * Turns CSV text into lead bodies, one per data row. Empty cells are left out; `expectedAmount` becomes a
 * number when it looks like one (otherwise the row is reported by the import). Unknown or missing headers are
 * answered at once, since every row would fail.
 */
export function csvToLeadRows(text: string): { ok: true; rows: object[] } | { ok: false; errors: FieldError[] } {
  const [header, ...data] = parseCsv(text);
  if (!header) return { ok: false, errors: [{ field: 'body', message: 'the CSV has no header row' }] };
  const paths = header.map((h) => HEADERS[h.trim().toLowerCase().replace(/[\s_-]/g, '')] ?? HEADERS[h.trim().toLowerCase()]);
  const unknown = header.filter((_, i) => paths[i] === undefined);
  if (unknown.length) return { ok: false, errors: unknown.map((h) => ({ field: 'body', message: `unknown CSV column "${h}"` })) };
  if (!paths.includes('contact.name')) return { ok: false, errors: [{ field: 'body', message: 'the CSV needs a "name" column' }] };
  const rows = data.map((cells) => {
    const lead: Record<string, unknown> = {};
    paths.forEach((path, i) => {
      const value = (cells[i] ?? '').trim();
      if (value === '') return;
      const [head, tail] = path.split('.');
      if (tail) lead[head] = { ...(lead[head] as object), [tail]: value };
      else lead[head] = head === 'expectedAmount' && NUMBER.test(value) ? Number(value) : value;
    });
    return lead;
  });
  return { ok: true, rows };
}
