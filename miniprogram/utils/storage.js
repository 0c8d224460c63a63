// Keys of what the client keeps in wx storage.
const TOKEN_KEY = 'auth_token';
const USER_KEY = 'auth_user';
const SCENE_KEY = 'entry_scene';
const PRIVACY_KEY = 'privacy_accepted_version';

function get(key) {
  try {
    const value = wx.getStorageSync(key);
    return value === '' ? null : value;
  } catch (err) {
    return null;
  }
}

function set(key, value) {
  try {
    wx.setStorageSync(key, value);
  } catch (err) {
    // Storage full or unavailable: the value lives only for this call.
  }
}

function remove(key) {
  try {
    wx.removeStorageSync(key);
  } catch (err) {
    // nothing to remove
  }
}

module.exports = {
  TOKEN_KEY, USER_KEY, SCENE_KEY, PRIVACY_KEY,
  getToken: () => get(TOKEN_KEY),
  setToken: (token) => set(TOKEN_KEY, token),
  clearToken: () => remove(TOKEN_KEY),
  getUser: () => get(USER_KEY),
  setUser: (user) => set(USER_KEY, user),
  clearUser: () => remove(USER_KEY),
  getScene: () => get(SCENE_KEY),
  setScene: (scene) => set(SCENE_KEY, scene),
  getPrivacyVersion: () => get(PRIVACY_KEY),
  setPrivacyVersion: (version) => set(PRIVACY_KEY, version),
  get, set, remove,
};
