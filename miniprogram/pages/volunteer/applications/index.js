// 我的志愿者申请: each application with its station, status and, when refused, the reason.
const volunteers = require('../../../services/volunteers');
const stations = require('../../../services/stations');
const { formatDateTime } = require('../../../utils/format');
const { listOf, loadInto, go } = require('../../../utils/page');

const STATUS_TEXT = { pending: '审核中', approved: '已通过', rejected: '未通过' };
const STATUS_THEME = { pending: 'warning', approved: 'success', rejected: 'danger' };

Component({
  data: { loading: true, error: '', applications: [] },
  methods: {
    onLoad() { return this.load(); },
    load() {
      return loadInto(this, async () => {
        const items = listOf(await volunteers.listMyApplications());
        const names = await stations.stationNames(items.map((a) => a.station_id));
        return {
          applications: items.map((a) => ({
            ...a,
            stationName: names[a.station_id] || '',
            statusText: STATUS_TEXT[a.status] || a.status,
            statusTheme: STATUS_THEME[a.status] || 'default',
            createdText: formatDateTime(a.created_at),
          })),
        };
      });
    },
    onApply() { go('/pages/stations/list/index'); },
  },
});
