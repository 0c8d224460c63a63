// Shows the loading, error or empty state of a page, or its content. An error a retry can fix
// (no network, a busy server) offers 重试; one it cannot (a refused role, an expired or unknown
// code) offers the way back instead, since pressing 重试 would only show the same refusal.
Component({
  properties: {
    loading: { type: Boolean, value: false },
    error: { type: String, value: '' },
    retryable: { type: Boolean, value: true },
    empty: { type: Boolean, value: false },
    emptyText: { type: String, value: '暂无内容' },
  },
  methods: {
    onRetry() {
      this.triggerEvent('retry');
    },
    onBack() {
      const pages = typeof getCurrentPages === 'function' ? getCurrentPages() : [];
      if (pages.length > 1) wx.navigateBack();
      else wx.switchTab({ url: '/pages/home/index/index' });
    },
  },
});
