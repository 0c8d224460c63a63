// 订阅消息: WeChat sends a subscribe message only if the person said yes to that template just
// before, in a tap. Pages fetch the template ids when they load (templateIds), then call
// askToBeTold synchronously at the start of the tap handler, before any network wait, as WeChat
// requires; what was accepted is recorded on the server (one message per acceptance).
const { request } = require('../services/request');

/** {event key: template id} the operator configured; {} when none or on any failure. */
async function templateIds() {
  try {
    const answer = await request({ method: 'GET', path: '/api/v1/me/subscriptions' });
    return (answer && answer.templates) || {};
  } catch (err) {
    return {};
  }
}

/** Ask for the given events' templates; resolves when recorded (never rejects: a refusal or an
 *  old WeChat only means no message). */
function askToBeTold(templates, keys) {
  const wanted = keys.filter((k) => templates[k]);
  if (!wanted.length || typeof wx.requestSubscribeMessage !== 'function') return Promise.resolve([]);
  return new Promise((resolve) => {
    wx.requestSubscribeMessage({
      tmplIds: wanted.map((k) => templates[k]),
      success: (res) => {
        const accepted = wanted.filter((k) => res && res[templates[k]] === 'accept');
        if (!accepted.length) { resolve([]); return; }
        request({ method: 'POST', path: '/api/v1/me/subscriptions', data: { template_keys: accepted } })
          .then(() => resolve(accepted), () => resolve([]));
      },
      fail: () => resolve([]),
    });
  });
}

module.exports = { templateIds, askToBeTold };
