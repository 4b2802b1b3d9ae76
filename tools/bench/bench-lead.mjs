// The lead that the write benches create through `POST /api/v1/leads` (run.mjs, lead-path-cpu.mjs).
//
// Each is another person, as a department's leads are, and one in ten repeats an earlier one's email: a duplicate
// that the service links to its original. Until 2026-12-02 every lead carried one contact, so every lead after the
// first was a duplicate, and PostgreSQL's statistics said that any key matched thousands of leads (which planned the
// duplicate look-up as a walk of the whole table: docs/benchmarks.md, the import).
const LEAD = {
  source: 'exhibition',
  direction: 'inbound',
  title: 'Scanners for three warehouses',
  expectedAmount: 125000.5,
  currency: 'EUR',
};

let leadNumber = 0;

/** The next lead's body (an object; JSON.stringify it). */
export function nextLead() {
  const n = ++leadNumber;
  const person = n % 10 === 0 ? Math.floor(n / 2) : n;
  return {
    ...LEAD,
    contact: { name: `Irina Volkova ${n}`, email: `irina.${person}@lead${person % 5000}.example`, phone: `+7 495 ${String(1_000_000 + n).slice(-7)}` },
    company: { name: `Northwind ${n}`, taxId: String(7_707_000_000 + n) },
  };
}
