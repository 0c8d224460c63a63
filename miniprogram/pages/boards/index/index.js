// 排行榜 of a station: the running campaign's answers (答题榜), all-time 宝盾 (宝盾榜) and
// verified service hours (时长榜). Nobody with zero is ranked; names follow the public-listing
// rule on the server (minors never by name).
const stations = require('../../../services/stations');
const quizzes = require('../../../services/quizzes');
const { formatHours, formatPoints } = require('../../../utils/format');
const { listOf, loadInto } = require('../../../utils/page');

const TABS = [
  { value: 'quiz', label: '答题榜' }, { value: 'points', label: '宝盾榜' }, { value: 'hours', label: '时长榜' },
];

function shapeRows(items, format) {
  return items.map((r) => ({ key: `${r.rank}-${r.user_id}`, rank: r.rank, name: r.name, valueText: format(r) }));
}

Component({
  data: { loading: true, error: '', stationId: null, tabs: TABS, tab: 'points', rows: [], meText: '', campaign: null },
  methods: {
    onLoad(query = {}) {
      this.setData({ stationId: Number(query.stationId), tab: query.tab || 'points' });
      return this.load();
    },
    onTab(e) { this.setData({ tab: e.currentTarget.dataset.value }); return this.load(); },
    load() {
      const { tab, stationId } = this.data;
      return loadInto(this, async () => {
        if (tab === 'quiz') {
          const campaign = listOf(await quizzes.listCampaigns())[0] || null;
          if (!campaign) return { campaign: null, rows: [], meText: '' };
          const board = await quizzes.getLeaderboard({ campaignId: campaign.id });
          const format = (r) => `答对 ${r.correct_answers} 题`;
          return { campaign, rows: shapeRows(board.items || [], format), meText: board.me ? `我的排名：第 ${board.me.rank} 名 · ${format(board.me)}` : '答对一题即可上榜' };
        }
        const board = await stations.getStationBoard({ id: stationId, board: tab });
        const format = tab === 'points' ? (r) => `${formatPoints(r.value)} 宝盾` : (r) => formatHours(r.value);
        const none = tab === 'points' ? '获得宝盾即可上榜' : '服务时长核验后即可上榜';
        return { campaign: null, rows: shapeRows(board.items || [], format), meText: board.me ? `我的排名：第 ${board.me.rank} 名 · ${format(board.me)}` : none };
      });
    },
  },
});
