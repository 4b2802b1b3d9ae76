import { searchText } from '@saleswire/database';
import { leadSearchOf } from './lead-search.policy';

describe('lead search terms (q)', () => {
  it.each([
    ['Kozlova', ['%kozlova%'], null, null],
    ['  КОЗЛОВА  Ольга ', ['%козлова ольга%'], null, null],
    ['Фёдор', ['%федор%'], null, null],
    ['50%_off', ['%50\\%\\_off%'], null, null],
    ['Irina@Northwind.Example', ['%irina@northwind.example%'], 'irina@northwind.example', null],
    ['northwind.example', ['%northwind.example%'], null, null],
    ['+7 (495) 123-45-67', ['%+7 (495) 123-45-67%', '%4951234567%'], null, '74951234567'],
    ['8 495 123 45 67', ['%8 495 123 45 67%', '%4951234567%'], null, '74951234567'],
    ['74951234567', ['%74951234567%', '%4951234567%'], null, '74951234567'],
    ['4951234567', ['%4951234567%'], null, '4951234567'],
    ['8 495 12', ['%8 495 12%', '%49512%'], null, '849512'],
    ['0049 30 123', ['%0049 30 123%', '%4930123%'], null, '4930123'],
    ['495', ['%495%'], null, null],
  ])('should look for %j by %j, exact email %j, exact phone %j', (q, patterns, exactEmail, exactPhone) => {
    expect(leadSearchOf(q)).toEqual({ patterns, wordStart: null, exactEmail, exactPhone });
  });

  // Two characters hold no trigram: the words starting with them are found (an indexed expression), not any piece.
  it.each([
    ['Ol', '(^|[ «"(])ol'],
    [' Ол ', '(^|[ «"(])ол'],
    ['Ёл', '(^|[ «"(])ел'],
    ['12', '(^|[ «"(])12'],
    ['.*', '(^|[ «"(])\\.\\*'],
  ])('should look for words starting with %j when q is two characters', (q, wordStart) => {
    expect(leadSearchOf(q)).toEqual({ patterns: [], wordStart, exactEmail: null, exactPhone: null });
  });

  it('folds ё and upper case as the index does', () => {
    expect(searchText('ЁЖИК Ёлкин')).toBe('ежик елкин');
  });
});
