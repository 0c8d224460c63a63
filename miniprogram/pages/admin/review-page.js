// The shared definition of the admin review lists (applications, hours, qualifications):
// a pending list where each item is approved, or rejected with a reason asked for in a modal.
const { loadForStation, listOf, loadInto, toast, toastError, prompt } = require('../../utils/page');

module.exports = function reviewPage({ approveText, list, shape, approve, reject, perStation = true }) {
  return {
    data: { loading: true, error: '', items: [], stationId: null, approveText },
    methods: {
      onLoad(query = {}) {
        // Association-wide queues (qualifications) need no station.
        return perStation ? loadForStation(this, query) : this.load();
      },
      load() {
        return loadInto(this, async () => ({
          items: listOf(await list({ stationId: this.data.stationId })).map((x) => ({ id: x.id, ...shape(x) })),
        }));
      },
      async onApprove(e) {
        try {
          await approve(e.currentTarget.dataset.id);
          toast('已通过', 'success');
          await this.load();
        } catch (err) {
          toastError(err);
        }
      },
      async onReject(e) {
        const reason = await prompt({ title: '驳回理由', placeholder: '请填写理由，将告知申请人' });
        if (reason === null) return;
        if (!reason) { toast('请填写驳回理由'); return; }
        try {
          await reject(e.currentTarget.dataset.id, reason);
          toast('已驳回', 'success');
          await this.load();
        } catch (err) {
          toastError(err);
        }
      },
    },
  };
};
