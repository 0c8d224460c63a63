const activities = require('../../../services/activities');
const { toast, toastError } = require('../../../utils/page');

Component({
  data: { activityId: null, text: '', images: [], submitting: false },
  methods: {
    onLoad(query) { this.setData({ activityId: Number(query.activityId) }); },
    onText(e) { this.setData({ text: e.detail.value }); },
    onChoose() {
      wx.chooseMedia({
        count: 9 - this.data.images.length, mediaType: ['image'], sizeType: ['compressed'],
        success: (res) => this.setData({ images: this.data.images.concat(res.tempFiles.map((f) => f.tempFilePath)) }),
      });
    },
    async onSubmit() {
      if (!this.data.text.trim() && !this.data.images.length) { toast('请填写文字或添加照片'); return; }
      this.setData({ submitting: true });
      try {
        const uploaded = [];
        for (const filePath of this.data.images) {
          // eslint-disable-next-line no-await-in-loop
          uploaded.push((await activities.uploadImage({ filePath })).url);
        }
        const highlight = await activities.postHighlight({ activityId: this.data.activityId, text: this.data.text.trim(), imageUrls: uploaded });
        toast(highlight.status === 'pass' ? '已发布' : '已提交，审核通过后展示', 'success');
        wx.navigateBack();
      } catch (err) {
        toastError(err);
      } finally {
        this.setData({ submitting: false });
      }
    },
  },
});
