const auth = require('../../../services/auth');
const { toast, toastError, confirm } = require('../../../utils/page');

Component({
  data: { exporting: false, exported: false, exportedSize: 0 },
  methods: {
    onLoad() {},
    async onExport() {
      this.setData({ exporting: true });
      try {
        const text = JSON.stringify(await auth.exportMyData(), null, 2);
        wx.setClipboardData({ data: text });
        this.setData({ exported: true, exportedSize: text.length });
      } catch (err) {
        toastError(err);
      } finally {
        this.setData({ exporting: false });
      }
    },
    async onDelete() {
      if (!(await confirm({ title: '注销账号', content: '注销后您的个人数据将被删除且无法恢复，确定注销吗？', confirmText: '注销' }))) return;
      try {
        await auth.deleteAccount();
        toast('账号已注销', 'success');
        wx.reLaunch({ url: '/pages/home/index/index' });
      } catch (err) {
        toastError(err);
      }
    },
  },
});
