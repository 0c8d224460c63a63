// Inspections in the viewer's scope: inspectors and association admins see the association's,
// station admins their station's. Overdue ones are flagged; the filter shows only them.
const inspections = require('../../../services/inspections');
const auth = require('../../../services/auth');
const { loadInto, listOf, go } = require('../../../utils/page');

const STATUS = { open: '整改中', closed: '已结案' };

Component({
  data: { loading: true, error: '', items: [], overdueOnly: false, canInspect: false, stationId: null },
  methods: {
    onLoad(query = {}) {
      this.setData({ stationId: query.stationId ? Number(query.stationId) : null });
      return this.load();
    },
    load() {
      return loadInto(this, async () => {
        const me = await auth.getMe();
        const query = {};
        if (this.data.overdueOnly) query.overdue = true;
        if (this.data.stationId) query.station_id = this.data.stationId;
        const answer = await inspections.listInspections(query);
        const items = listOf(answer).map((i) => ({
          ...i,
          statusText: STATUS[i.status] || i.status,
          deadlineText: i.rectify_by ? `整改期限 ${i.rectify_by}` : '无需整改',
        }));
        return { items, canInspect: auth.hasRole(me, 'inspector', 'association_admin') };
      });
    },
    onToggleOverdue() {
      this.setData({ overdueOnly: !this.data.overdueOnly });
      return this.load();
    },
    onOpen(e) { go(`/pages/inspection/detail/index?id=${e.currentTarget.dataset.id}`); },
    onNew() { go(`/pages/inspection/form/index?stationId=${this.data.stationId || ''}`); },
  },
});
