// 本站志愿者: the roster with volunteer number, name, verified hours and star level; contact only
// as the API shows it to this admin (a minor's name and phone stay masked beyond their station).
const stations = require('../../../services/stations');
const { formatHours, formatStars, maskPhone } = require('../../../utils/format');
const { listOf, loadForStation, loadInto } = require('../../../utils/page');

Component({
  data: { loading: true, error: '', stationId: null, volunteers: [], total: 0 },
  methods: {
    onLoad(query = {}) { return loadForStation(this, query); },
    load() {
      return loadInto(this, async () => {
        const answer = await stations.getRoster({ id: this.data.stationId });
        return {
          total: answer.total || 0,
          volunteers: listOf(answer).map((v) => ({
            ...v,
            hoursText: formatHours(v.verified_minutes || 0),
            starsText: formatStars(v.star_level || 0),
            phoneText: v.phone ? maskPhone(v.phone) : '',
          })),
        };
      });
    },
    onCall(e) {
      const { phone } = e.currentTarget.dataset;
      if (phone && !phone.includes('*')) wx.makePhoneCall({ phoneNumber: phone });
    },
  },
});
