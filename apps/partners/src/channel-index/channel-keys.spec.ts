import { channelKeys, emailDomain, matchKeyOf, normaliseCompanyName, normaliseTaxId, websiteDomain } from './channel-keys';

describe('channel keys', () => {
  describe('company names', () => {
    it.each([
      ['ООО «Ромашка»', 'ромашка'],
      ['Ромашка, ООО', 'ромашка'],
      ['Общество с ограниченной ответственностью "Ромашка"', 'ромашка'],
      ['ЗАО Ромашка', 'ромашка'],
      ['ОАО «Ромашка»', 'ромашка'],
      ['ПАО "Ромашка"', 'ромашка'],
      ['АО Ромашка', 'ромашка'],
      ['ИП Ёлкин Пётр', 'елкинпетр'],
      ['Индивидуальный предприниматель Елкин Петр', 'елкинпетр'],
      ['OOO Romashka', 'romashka'],
      ['Northwind LLC', 'northwind'],
      ['Northwind, L.L.C.', 'northwind'],
      ['North-Wind Ltd.', 'northwind'],
      ['NORTHWIND LIMITED', 'northwind'],
      ['Northwind Inc.', 'northwind'],
      ['Baltic Systems GmbH', 'balticsystems'],
      ['Baltic Systems Gesellschaft mit beschränkter Haftung', 'balticsystems'],
      ['Zürich Versicherung AG', 'zürichversicherung'],
      ['Contoso S.A.', 'contoso'],
      ['Contoso SA', 'contoso'],
      ['Contoso Sp. z o.o.', 'contoso'],
      ['  Contoso   Retail  ', 'contosoretail'],
      ['O’Brien & Co.', 'obrien'],
      ['3M', '3m'],
    ])('should make %p the key %p', (name, key) => {
      expect(normaliseCompanyName(name)).toBe(key);
    });

    it.each([['ООО'], ['LLC'], ['Ltd.'], ['«»'], [''], [null], ['X']])('should give no key for %p', (name) => {
      expect(normaliseCompanyName(name)).toBeNull();
    });

    it('should keep names apart that differ by more than form', () => {
      expect(normaliseCompanyName('Ромашка')).not.toBe(normaliseCompanyName('Ромашка-2'));
      expect(normaliseCompanyName('Northwind Traders')).not.toBe(normaliseCompanyName('Northwind'));
    });
  });

  describe('domains', () => {
    it.each([
      ['Buyer@Northwind.Example', 'northwind.example'],
      ['it@www.contoso.example', 'contoso.example'],
      ['sales@пример.рф', 'xn--e1afmkfd.xn--p1ai'],
    ])('should take the domain of %p', (email, domain) => {
      expect(emailDomain(email)).toBe(domain);
    });

    it.each([['someone@gmail.com'], ['someone@GMAIL.COM'], ['кто-то@mail.ru'], ['x@yandex.ru'], ['x@gmx.de'], ['x@icloud.com'], ['not-an-email'], [null]])(
      'should give no domain for %p (public or none)',
      (email) => {
        expect(emailDomain(email)).toBeNull();
      },
    );

    it.each([
      ['https://www.northwind.example/about', 'northwind.example'],
      ['northwind.example', 'northwind.example'],
      ['HTTP://Shop.Northwind.Example:8080', 'shop.northwind.example'],
      ['http://пример.рф', 'xn--e1afmkfd.xn--p1ai'],
    ])('should take the domain of the site %p', (site, domain) => {
      expect(websiteDomain(site)).toBe(domain);
    });

    it.each([['https://gmail.com'], ['localhost'], ['::::'], [''], [undefined]])('should give no domain for the site %p', (site) => {
      expect(websiteDomain(site)).toBeNull();
    });
  });

  it.each([
    ['77-07 083.893', '7707083893'],
    ['de 123/456/789', 'DE123456789'],
    ['12', null],
    [null, null],
  ])('should normalise the tax id %p to %p', (taxId, key) => {
    expect(normaliseTaxId(taxId)).toBe(key);
  });

  it('should give every key of a customer once, strongest first', () => {
    expect(
      channelKeys({ name: 'ООО «Ромашка»', taxId: '7707 083893', email: 'buyer@romashka.example', website: 'https://www.romashka.example' }),
    ).toEqual(['t:7707083893', 'd:romashka.example', 'n:ромашка']);
  });

  it('should give a customer with a public mail address only its name key', () => {
    expect(channelKeys({ name: 'Northwind LLC', email: 'northwind@gmail.com' })).toEqual(['n:northwind']);
  });

  it.each([
    ['t:7707083893', 'tax_id'],
    ['d:northwind.example', 'domain'],
    ['n:northwind', 'name'],
  ])('should read %s as a match on %s', (key, kind) => {
    expect(matchKeyOf(key)).toBe(kind);
  });
});
