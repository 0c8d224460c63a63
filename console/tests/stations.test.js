import { describe, expect, it } from 'vitest';
import { stationTree } from '../src/pages/stations/labels.js';

describe('stationTree', () => {
  it('nests sub-stations under their station under the association', () => {
    const tree = stationTree(
      [{ id: 1, name: '北京协会' }, { id: 2, name: '上海协会' }],
      [
        { id: 10, association_id: 1, parent_id: null, name: '右安门', kind: 'service_station', status: 'active' },
        { id: 11, association_id: 1, parent_id: 10, name: '右安门一分站', kind: 'sub_station', status: 'suspended' },
      ],
    );
    expect(tree.map((n) => n.label)).toEqual(['北京协会', '上海协会']);
    expect(tree[0].children[0].label).toBe('右安门（服务站）');
    expect(tree[0].children[0].children[0].label).toBe('右安门一分站（分站·已暂停）');
    expect(tree[1].children).toEqual([]);
  });
  it('hides associations without stations when there are many', () => {
    const associations = Array.from({ length: 5 }, (_, i) => ({ id: i + 1, name: `协会${i}` }));
    const tree = stationTree(associations, [{ id: 9, association_id: 3, parent_id: null, name: 'x', kind: 'education_base', status: 'active' }]);
    expect(tree.map((n) => n.value)).toEqual(['a3']);
  });
});
