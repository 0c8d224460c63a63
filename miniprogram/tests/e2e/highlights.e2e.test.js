// Walk: a volunteer's highlight held for review (the stand-in answers REVIEW to text that says
// so) reaches the station admin's 风采待审 page and is approved; then the public sees it.
const { renderPage, text } = require('../helpers/render');
const { api, apiLogin, resetServer, createSession, tap, type, run } = require('./harness');

let demo;
beforeAll(async () => { demo = await resetServer(); });

test('a highlight goes from held to approved through the admin page', async () => {
  // The demo activity of the demo station; the volunteer signs up for it (set-up, over HTTP).
  const listed = await api('GET', `/api/v1/activities?station_id=${demo.station_id}`);
  const activity = listed.items[0];
  const token = await apiLogin(demo.users.volunteer.openid);
  await api('POST', `/api/v1/activities/${activity.id}/signups`, { token }).catch((err) => {
    if (err.res.statusCode !== 409) throw err; // already signed up in the demo data
  });

  const volunteer = createSession(demo.users.volunteer.openid).use();
  const post = renderPage('pages/volunteer/highlights');
  await run(post.instance.onLoad({ activityId: String(activity.id) }));
  await type(post, '#text', '活动现场 REVIEW 请复核');
  await tap(post, '#submit');
  const posted = volunteer.lastRequest('POST', '/highlights');
  expect(posted.statusCode).toBe(201);
  expect(posted.response.status).toBe('held');

  createSession(demo.users.station_admin.openid).use();
  const queue = renderPage('pages/admin/highlights');
  await run(queue.instance.onLoad({ stationId: String(demo.station_id) }));
  expect(text(queue, `#verdict-${posted.response.id}`)).toContain('需人工复核');
  await tap(queue, `#approve-${posted.response.id}`);
  expect(queue.querySelector(`#highlight-${posted.response.id}`)).toBeFalsy();

  const shown = await api('GET', `/api/v1/activities/${activity.id}/highlights`);
  expect(shown.items.map((h) => h.id)).toContain(posted.response.id);
});
