import { searchText } from '@saleswire/database';
import { leadSearchOf } from './lead-search.policy';

describe('lead search terms (q)', () => {
  it.each([
    ['Kozlova', ['%kozlova%'], null, []],
    ['  КОЗЛОВА  Ольга ', ['%козлова ольга%'], null, []],
    ['Фёдор', ['%федор%'], null, []],
    ['50%_off', ['%50\\%\\_off%'], null, []],
    ['Irina@Northwind.Example', ['%irina@northwind.example%'], 'irina@northwind.example', []],
    ['northwind.example', ['%northwind.example%'], null, []],
    ['+7 (495) 123-45-67', ['%+7 (495) 123-45-67%', '%74951234567%'], null, ['74951234567', '+74951234567']],
    ['4951234567', ['%4951234567%'], null, ['4951234567', '+4951234567']],
    ['12', ['%12%'], null, []],
  ])('%j looks for %j, exact email %j, exact phones %j', (q, patterns, exactEmail, exactPhones) => {
    expect(leadSearchOf(q)).toEqual({ patterns, exactEmail, exactPhones });
  });

  it('folds ё and upper case as the index does', () => {
    expect(searchText('ЁЖИК Ёлкин')).toBe('ежик елкин');
  });
});
