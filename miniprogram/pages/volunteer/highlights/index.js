const activities = require('../../../services/activities');
const { toast, toastError } = require('../../../utils/page');

Component({
  data: { activityId: null, text: '', images: [], submitting: false },
  methods: {
    onLoad(query) { this.setData({ activityId: Number(query.activityId) }); },
    onText(e) { this.setData({ text: e.detail.value }); },
    onChoose() {
      wx.chooseMedia({
        // One photo per highlight (the API takes one image, JPEG/PNG up to 5 MB); a new pick replaces it.
        count: 1, mediaType: ['image'], sizeType: ['compressed'],
        success: (res) => this.setData({ images: res.tempFiles.slice(0, 1).map((f) => f.tempFilePath) }),
      });
    },
    async onSubmit() {
      if (!this.data.text.trim() && !this.data.images.length) { toast('请填写文字或添加照片'); return; }
      this.setData({ submitting: true });
      try {
        const text = this.data.text.trim();
        const highlight = await activities.postHighlight({ activityId: this.data.activityId, text: text || undefined, filePath: this.data.images[0] });
        toast(highlight.status === 'visible' ? '已发布' : '已提交，审核通过后展示', 'success');
        wx.navigateBack();
      } catch (err) {
        toastError(err);
      } finally {
        this.setData({ submitting: false });
      }
    },
  },
});
