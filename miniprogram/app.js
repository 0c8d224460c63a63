const { login } = require('./services/request');
const storage = require('./utils/storage');

App({
  globalData: {},
  onLaunch(options) {
    // A scene from a scanned code is kept so that the login carries it (it ties a new user to
    // the station whose code was scanned); the entry page reads and resolves it.
    const scene = options && options.query && options.query.scene;
    if (scene) storage.setScene(decodeURIComponent(scene));
    if (!storage.getToken()) login().catch(() => {});
  },
});
