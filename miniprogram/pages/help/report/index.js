const help = require('../../../services/help');
const { toast, toastError } = require('../../../utils/page');

Component({
  data: { categories: help.CATEGORIES, category: 'fraud', description: '', contact: '', stationId: null, submitting: false },
  methods: {
    onLoad(query = {}) { this.setData({ stationId: query.stationId ? Number(query.stationId) : null }); },
    onCategory(e) { this.setData({ category: e.currentTarget.dataset.value }); },
    onDescription(e) { this.setData({ description: e.detail.value }); },
    onContact(e) { this.setData({ contact: e.detail.value }); },
    async onSubmit() {
      this.setData({ submitting: true });
      try {
        const data = { category: this.data.category, description: this.data.description.trim() };
        if (this.data.stationId) data.station_id = this.data.stationId;
        if (this.data.contact.trim()) data.contact_phone = this.data.contact.trim();
        await help.fileHelpRequest(data);
        toast('已提交，服务站会尽快处理', 'success');
        wx.navigateBack();
      } catch (err) {
        toastError(err);
      } finally {
        this.setData({ submitting: false });
      }
    },
  },
});
