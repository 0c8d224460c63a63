// 我的求助: the reporter's requests; with ?id= one case and each of its steps (accepted,
// referred to whom, closed with what outcome), as the API shows them to the reporter.
const help = require('../../../services/help');
const { formatDateTime } = require('../../../utils/format');
const { listOf, loadInto, go } = require('../../../utils/page');
const { CATEGORY_TEXT, HELP_STATUS, REFER_TEXT, stepText } = require('../../../utils/help-labels');

Component({
  data: { loading: true, error: '', id: null, requests: [], detail: null, photo: '' },
  methods: {
    onLoad(query = {}) {
      this.setData({ id: query.id ? Number(query.id) : null });
      return this.load();
    },
    load() {
      return loadInto(this, async () => {
        if (!this.data.id) {
          return {
            requests: listOf(await help.listMyHelpRequests()).map((r) => ({
              ...r, categoryText: CATEGORY_TEXT[r.category] || r.category, statusText: HELP_STATUS[r.status] || r.status, createdText: formatDateTime(r.created_at),
            })),
          };
        }
        const r = await help.getHelpRequest({ id: this.data.id });
        const photo = r.has_evidence_image ? await help.helpPhoto({ id: r.id }).catch(() => '') : '';
        return {
          photo,
          detail: {
            ...r,
            categoryText: CATEGORY_TEXT[r.category] || r.category,
            statusText: HELP_STATUS[r.status] || r.status,
            referredText: r.referred_to ? REFER_TEXT[r.referred_to] || r.referred_to : '',
            steps: (r.history || []).map((h, i) => ({ key: i, text: stepText(h, r), at: formatDateTime(h.created_at) })),
          },
        };
      });
    },
    onOpen(e) { go(`/pages/help/mine/index?id=${e.currentTarget.dataset.id}`); },
  },
});
