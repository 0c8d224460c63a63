const auth = require('../../../services/auth');
const storage = require('../../../utils/storage');
const { PRIVACY_VERSION } = require('../../../config/privacy');
const { toast, toastError } = require('../../../utils/page');

Component({
  data: { version: PRIVACY_VERSION, accepted: false, submitting: false },
  methods: {
    onLoad() { this.setData({ accepted: storage.getPrivacyVersion() === PRIVACY_VERSION }); },
    async onAccept() {
      this.setData({ submitting: true });
      try {
        await auth.acceptPrivacy({ version: PRIVACY_VERSION });
        storage.setPrivacyVersion(PRIVACY_VERSION);
        this.setData({ accepted: true });
        toast('已同意', 'success');
      } catch (err) {
        toastError(err);
      } finally {
        this.setData({ submitting: false });
      }
    },
  },
});
