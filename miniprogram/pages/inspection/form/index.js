// The inspector's form: the association's checklist, each line ok or a finding with a note,
// and a rectification deadline when there is a finding.
const inspections = require('../../../services/inspections');
const stations = require('../../../services/stations');
const auth = require('../../../services/auth');
const { shanghaiToday } = require('../../../utils/format');
const { loadInto, listOf, toast, toastError } = require('../../../utils/page');

function addDays(isoDate, days) {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

Component({
  data: { loading: true, error: '', stationId: null, choices: [], stationName: '', items: [], inspectedOn: '', rectifyBy: '', summary: '', submitting: false },
  methods: {
    onLoad(query = {}) {
      const today = shanghaiToday();
      this.setData({ stationId: Number(query.stationId) || null, inspectedOn: today, rectifyBy: addDays(today, 14) });
      return this.load();
    },
    load() {
      return loadInto(this, async () => {
        if (!this.data.stationId) {
          // Opened from the list without a station: pick one of the association's stations.
          const me = await auth.getMe();
          const scopes = (me.roles || []).filter((r) => r && (r.role === 'inspector' || r.role === 'association_admin')).map((r) => r.association_id);
          const found = await stations.listStations({ per_page: 100 });
          return { choices: listOf(found).filter((st) => scopes.includes(st.association_id)), items: [] };
        }
        const station = await stations.getStation({ id: this.data.stationId });
        const checklist = await inspections.getChecklist({ associationId: station.association_id });
        return {
          stationName: station.name,
          items: checklist.items.map((i) => ({ item_id: i.id, title: i.title, result: 'ok', note: '' })),
        };
      });
    },
    onResult(e) {
      const { index, result } = e.currentTarget.dataset;
      this.setData({ [`items[${Number(index)}].result`]: result });
    },
    onPick(e) {
      this.setData({ stationId: Number(e.currentTarget.dataset.id), choices: [] });
      return this.load();
    },
    onNote(e) { this.setData({ [`items[${Number(e.currentTarget.dataset.index)}].note`]: e.detail.value }); },
    onSummary(e) { this.setData({ summary: e.detail.value }); },
    onDeadline(e) { this.setData({ rectifyBy: e.detail.value }); },
    async onSubmit() {
      const { items, stationId, inspectedOn, rectifyBy, summary } = this.data;
      const findings = items.filter((i) => i.result === 'finding');
      if (findings.some((i) => !i.note.trim())) { toast('请为每个问题填写说明'); return; }
      this.setData({ submitting: true });
      try {
        const created = await inspections.recordInspection({
          stationId,
          inspected_on: inspectedOn,
          rectify_by: findings.length ? rectifyBy : null,
          summary: summary.trim() || null,
          items: items.map((i) => (i.result === 'finding' ? { item_id: i.item_id, result: 'finding', note: i.note.trim() } : { item_id: i.item_id, result: 'ok' })),
        });
        toast('检查已记录', 'success');
        wx.redirectTo({ url: `/pages/inspection/detail/index?id=${created.id}` });
      } catch (err) {
        toastError(err);
      } finally {
        this.setData({ submitting: false });
      }
    },
  },
});
