const { listOf } = require('../../utils/page');

describe('every list answer is one envelope', () => {
  test('the items of {items, page, per_page, total} are the list', () => {
    expect(listOf({ items: [{ id: 1 }, { id: 2 }], page: 1, per_page: 20, total: 2 })).toEqual([{ id: 1 }, { id: 2 }]);
  });
  test('anything else (a bare array, an error body, nothing) is an empty list', () => {
    expect(listOf([{ id: 1 }])).toEqual([]);
    expect(listOf({ data: [{ id: 1 }] })).toEqual([]);
    expect(listOf(null)).toEqual([]);
  });
});
