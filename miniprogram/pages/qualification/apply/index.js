const qualifications = require('../../../services/qualifications');
const { toast, toastError } = require('../../../utils/page');

Component({
  data: { kind: 'publicist', realName: '', phone: '', intro: '', submitting: false },
  methods: {
    onLoad() {},
    onKind(e) { this.setData({ kind: e.currentTarget.dataset.kind }); },
    onName(e) { this.setData({ realName: e.detail.value }); },
    onPhone(e) { this.setData({ phone: e.detail.value }); },
    onIntro(e) { this.setData({ intro: e.detail.value }); },
    async onSubmit() {
      if (!this.data.realName.trim() || !/^1\d{10}$/.test(this.data.phone.trim())) { toast('请填写姓名和正确的手机号'); return; }
      this.setData({ submitting: true });
      try {
        await qualifications.applyQualification({ kind: this.data.kind, real_name: this.data.realName.trim(), phone: this.data.phone.trim(), introduction: this.data.intro.trim() });
        toast('已提交，请完成测评并等待协会审核', 'success');
        wx.navigateBack();
      } catch (err) {
        toastError(err);
      } finally {
        this.setData({ submitting: false });
      }
    },
  },
});
