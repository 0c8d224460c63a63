// Small helpers every page uses for its loading / error states and its feedback to people.
const { messageOf } = require('../services/request');

/** The station an admin page works on: ?stationId= when the admin home passed one, else the
 *  station the person administers (a page opened from a notification or a share has no query). */
async function adminStation(query = {}) {
  if (query.stationId) return Number(query.stationId);
  const auth = require('../services/auth');
  const { ApiError } = require('../services/request');
  const me = await auth.getMe();
  const id = auth.adminStationId(me);
  if (!id) throw new ApiError({ status: 403, code: 'forbidden', message: '仅服务站管理员可进入' });
  return id;
}

/**
 * Open an admin page on its station (adminStation) and run its load(); when the person
 * administers no station, the page says so with the way back (a retry would not help).
 */
async function loadForStation(page, query = {}) {
  try {
    page.setData({ stationId: await adminStation(query) });
  } catch (err) {
    page.setData({ loading: false, error: messageOf(err), errorRetryable: isRetryable(err) });
    return false;
  }
  return page.load();
}

/** Items of a list answer: every list the server sends is {items, page, per_page, total}. */
function listOf(answer) {
  return answer && Array.isArray(answer.items) ? answer.items : [];
}

/**
 * Run a page's load task with loading / error state: sets {loading: true, error: ''}, then the
 * object the task resolves to, or {error: readable message}. Resolves to true on success.
 */
async function loadInto(page, task) {
  page.setData({ loading: true, error: '', errorRetryable: true });
  try {
    const data = await task();
    page.setData({ loading: false, ...(data || {}) });
    return true;
  } catch (err) {
    page.setData({ loading: false, error: messageOf(err), errorRetryable: isRetryable(err) });
    return false;
  }
}

/** Whether trying again may help: no answer at all, a busy or failing server, a rate limit.
 *  A refusal (403), something that does not exist or has expired (404, 410), a conflict or bad
 *  input will answer the same way again. */
function isRetryable(err) {
  const status = err && err.name === 'ApiError' ? err.status : 0;
  return !status || status >= 500 || status === 429 || status === 408;
}

function toast(title, icon = 'none') {
  wx.showToast({ title, icon });
}

function toastError(err) {
  toast(messageOf(err));
}

/** wx.showModal as a promise of true (confirmed) / false. */
function confirm({ title, content, confirmText = '确定' }) {
  return new Promise((resolve) => {
    wx.showModal({ title, content, confirmText, success: (res) => resolve(!!res.confirm), fail: () => resolve(false) });
  });
}

/** An editable modal that asks for a line of text (e.g. a rejection reason); null if cancelled. */
function prompt({ title, placeholder }) {
  return new Promise((resolve) => {
    wx.showModal({
      title, editable: true, placeholderText: placeholder,
      success: (res) => resolve(res.confirm ? (res.content || '').trim() : null),
      fail: () => resolve(null),
    });
  });
}

/**
 * wx.scanCode as a promise of the scanned text; null if the person cancelled. A code of this
 * mini-program gives its page path (`pages/entry/index/index?scene=AB12CD34`), anything else
 * its text.
 */
function scan() {
  return new Promise((resolve) => {
    wx.scanCode({
      onlyFromCamera: false,
      success: (res) => resolve(res.path || res.result || ''),
      fail: () => resolve(null),
    });
  });
}

/**
 * The entrance scene in a scanned text: the `scene` parameter of a scanned page path
 * (URL-encoded, as wxacode.getUnlimited puts it), else the text itself (a typed or printed scene).
 */
function sceneOf(scanned) {
  const text = String(scanned || '').trim();
  const match = /[?&]scene=([^&#]*)/.exec(text);
  return match ? decodeParam(match[1]) : text;
}

/** A page-query or URL parameter, URL-decoded when it is encoded, trimmed. */
function decodeParam(raw) {
  try {
    return decodeURIComponent(raw).trim();
  } catch (err) {
    return String(raw).trim();
  }
}

function go(url) {
  wx.navigateTo({ url });
}

module.exports = {
  loadForStation, isRetryable, listOf, loadInto, toast, toastError, confirm, prompt, scan, sceneOf, decodeParam, go, messageOf };
