const help = require('../../../services/help');
const { templateIds, askToBeTold } = require('../../../utils/subscribe');
const { toast, toastError } = require('../../../utils/page');

Component({
  data: { categories: help.CATEGORIES, category: 'fraud', description: '', contact: '', stationId: null, photo: '', submitting: false },
  methods: {
    onLoad(query = {}) {
      this.setData({ stationId: query.stationId ? Number(query.stationId) : null });
      // Fetched now so that the tap on 提交 can ask for the subscription at once.
      this.templates = {};
      return templateIds().then((t) => { this.templates = t; });
    },
    onCategory(e) { this.setData({ category: e.currentTarget.dataset.value }); },
    onDescription(e) { this.setData({ description: e.detail.value }); },
    onContact(e) { this.setData({ contact: e.detail.value }); },
    onChoosePhoto() {
      wx.chooseMedia({
        count: 1, mediaType: ['image'], sourceType: ['album', 'camera'], sizeType: ['compressed'],
        success: (res) => this.setData({ photo: res.tempFiles[0].tempFilePath }),
      });
    },
    onRemovePhoto() { this.setData({ photo: '' }); },
    async onSubmit() {
      // First, within the tap: may we tell you when the station acts on it?
      const asked = askToBeTold(this.templates || {}, ['help_progress']);
      this.setData({ submitting: true });
      try {
        const data = { category: this.data.category, description: this.data.description.trim() };
        if (this.data.stationId) data.station_id = this.data.stationId;
        if (this.data.contact.trim()) data.contact_phone = this.data.contact.trim();
        const filed = await help.fileHelpRequest(data);
        if (this.data.photo) {
          try {
            await help.attachHelpPhoto({ id: filed.id, filePath: this.data.photo });
          } catch (err) {
            // The report itself is filed; say so, and that the photo can be added from 我的求助.
            toast(`已提交，但照片未上传：${err.message || '请稍后在我的求助中补充'}`);
            await asked;
            wx.redirectTo({ url: `/pages/help/mine/index?id=${filed.id}` });
            return;
          }
        }
        await asked;
        toast('已提交，服务站会尽快处理', 'success');
        wx.redirectTo({ url: `/pages/help/mine/index?id=${filed.id}` });
      } catch (err) {
        toastError(err);
      } finally {
        this.setData({ submitting: false });
      }
    },
  },
});
