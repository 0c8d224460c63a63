// 时长更正申请: a volunteer asked the station to correct a verified record. The admin declines
// with a reason, or enters the correction (times on the record's day, prefilled with what the
// volunteer proposed or the original); the correction is a new pending record that another
// admin verifies in 时长核验 (maker-checker, as the API enforces).
const hours = require('../../../services/hours');
const { formatRange, formatTime, shanghaiIso } = require('../../../utils/format');
const { loadForStation, listOf, loadInto, toast, toastError, prompt } = require('../../../utils/page');

/** 'YYYY-MM-DD' of an ISO time in Shanghai. */
function dayOf(iso) {
  const shifted = new Date(new Date(iso).getTime() + 8 * 3600 * 1000);
  return shifted.toISOString().slice(0, 10);
}

Component({
  data: { loading: true, error: '', stationId: null, requests: [], editing: null, submitting: false },
  methods: {
    onLoad(query = {}) {
      return loadForStation(this, query);
    },
    load() {
      return loadInto(this, async () => {
        const items = listOf(await hours.listCorrectionRequests({ stationId: this.data.stationId }));
        const records = await Promise.all(items.map((r) => hours.getHours({ id: r.record_id })));
        return {
          editing: null,
          requests: items.map((r, i) => {
            const record = records[i];
            const start = r.proposed_started_at || record.started_at;
            const end = r.proposed_ended_at || record.ended_at;
            return {
              ...r,
              who: record.volunteer_name || '志愿者',
              recordText: `${record.description} · ${formatRange(record.started_at, record.ended_at)}`,
              proposedText: r.proposed_started_at ? formatRange(r.proposed_started_at, r.proposed_ended_at) : '',
              day: dayOf(record.started_at),
              start: formatTime(start),
              end: formatTime(end),
            };
          }),
        };
      });
    },
    async onDecline(e) {
      const reason = await prompt({ title: '不予更正的理由', placeholder: '将告知志愿者' });
      if (reason === null) return;
      if (!reason) { toast('请填写理由'); return; }
      try {
        await hours.declineCorrectionRequest({ id: e.currentTarget.dataset.id, reason });
        toast('已处理', 'success');
        await this.load();
      } catch (err) {
        toastError(err);
      }
    },
    onEdit(e) {
      const request = this.data.requests.find((r) => r.id === e.currentTarget.dataset.id);
      this.setData({ editing: { id: request.id, recordId: request.record_id, day: request.day, start: request.start, end: request.end } });
    },
    onStart(e) { this.setData({ 'editing.start': e.detail.value }); },
    onEnd(e) { this.setData({ 'editing.end': e.detail.value }); },
    onCancel() { this.setData({ editing: null }); },
    async onSubmit() {
      const { editing } = this.data;
      if (editing.end <= editing.start) { toast('结束时间应晚于开始时间'); return; }
      this.setData({ submitting: true });
      try {
        await hours.enterCorrection({
          recordId: editing.recordId,
          requestId: editing.id,
          startedAt: shanghaiIso(editing.day, editing.start),
          endedAt: shanghaiIso(editing.day, editing.end),
          reason: '按志愿者申请更正',
        });
        toast('已录入，待另一位管理员核验', 'none');
        await this.load();
      } catch (err) {
        toastError(err);
      } finally {
        this.setData({ submitting: false });
      }
    },
  },
});
