const volunteers = require('../../../services/volunteers');
const { toast, toastError } = require('../../../utils/page');

Component({
  data: { stationId: null, submitting: false, form: { real_name: '', phone: '', id_number: '', skills: '', availability: '', is_party_member: false } },
  methods: {
    onLoad(query) { this.setData({ stationId: Number(query.stationId) }); },
    onField(e) { this.setData({ [`form.${e.currentTarget.dataset.field}`]: e.detail.value }); },
    onParty() { this.setData({ 'form.is_party_member': !this.data.form.is_party_member }); },
    async onSubmit() {
      const form = this.data.form;
      if (!form.real_name.trim()) { toast('请填写姓名'); return; }
      if (!/^1\d{10}$/.test(form.phone.trim())) { toast('请填写正确的手机号'); return; }
      this.setData({ submitting: true });
      try {
        const data = { station_id: this.data.stationId, real_name: form.real_name.trim(), phone: form.phone.trim(), is_party_member: form.is_party_member };
        ['id_number', 'availability'].forEach((k) => { if (form[k].trim()) data[k] = form[k].trim(); });
        // The API takes skills as a list of short labels; people type them in one line.
        const skills = form.skills.split(/[,，、;；\s]+/).map((x) => x.trim()).filter(Boolean);
        if (skills.length) data.skills = skills;
        await volunteers.applyToStation(data);
        toast('已提交，请等待服务站审核', 'success');
        wx.navigateBack();
      } catch (err) {
        toastError(err);
      } finally {
        this.setData({ submitting: false });
      }
    },
  },
});
