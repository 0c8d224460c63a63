// 风采待审: highlights held for WeChat's verdict or for an admin, across the station's
// activities. Each shows what the content check said; the admin approves or hides it. A photo
// WeChat found risky cannot be approved (the API answers 409 highlight_refused).
const activities = require('../../../services/activities');
const { formatDateTime } = require('../../../utils/format');
const { loadForStation, listOf, loadInto, toast, toastError } = require('../../../utils/page');

const CHECK_TEXT = {
  pass: '通过', review: '需人工复核', risky: '有风险', pending: '检测中', unavailable: '检测服务暂不可用', none: '无',
};

Component({
  data: { loading: true, error: '', stationId: null, items: [] },
  methods: {
    onLoad(query = {}) {
      return loadForStation(this, query);
    },
    load() {
      return loadInto(this, async () => {
        const items = listOf(await activities.listStationHighlights({ stationId: this.data.stationId }));
        const images = await Promise.all(items.map((h) => (h.has_image ? activities.highlightImage({ id: h.id }).catch(() => '') : '')));
        return {
          items: items.map((h, i) => ({
            ...h,
            image: images[i],
            verdictText: `文字：${CHECK_TEXT[h.text_check] || h.text_check}，图片：${CHECK_TEXT[h.image_check] || h.image_check}`,
            createdText: formatDateTime(h.created_at),
          })),
        };
      });
    },
    async moderate(id, action, done) {
      try {
        await activities.moderateHighlight({ id, action });
        toast(done, 'success');
        await this.load();
      } catch (err) {
        toastError(err);
      }
    },
    onApprove(e) { return this.moderate(e.currentTarget.dataset.id, 'approve', '已公开'); },
    onHide(e) { return this.moderate(e.currentTarget.dataset.id, 'hide', '已隐藏'); },
  },
});
